/** Demo customers: made-up people at made-up street numbers in real cities. */
import type { Random } from './random.ts'

export interface DemoAddress {
  name: string
  street: string
  postalCode: string
  city: string
  country: string
  phone?: string
}

export interface DemoPerson {
  /** Set once the customer exists in Ordo. */
  id?: string
  name: string
  email: string
  phone: string
  address: DemoAddress
  /** Swiss customers buy in the CHF shop, the others in the EUR shop. */
  shop: 'ch' | 'eu'
  requiresApproval?: boolean
  blocked?: boolean
}

interface City { city: string; postalCode: string; country: string; dial: string; streets: string[] }

const cities: City[] = [
  { city: 'Zürich', postalCode: '8004', country: 'CH', dial: '+41 44', streets: ['Langstrasse', 'Badenerstrasse', 'Seefeldstrasse'] },
  { city: 'Bern', postalCode: '3011', country: 'CH', dial: '+41 31', streets: ['Kramgasse', 'Marktgasse', 'Aarbergergasse'] },
  { city: 'Basel', postalCode: '4051', country: 'CH', dial: '+41 61', streets: ['Spalenberg', 'Steinenvorstadt', 'Elisabethenstrasse'] },
  { city: 'Lausanne', postalCode: '1003', country: 'CH', dial: '+41 21', streets: ['Rue de Bourg', 'Avenue de la Gare', 'Rue du Petit-Chêne'] },
  { city: 'Luzern', postalCode: '6003', country: 'CH', dial: '+41 41', streets: ['Pilatusstrasse', 'Hertensteinstrasse', 'Haldenstrasse'] },
  { city: 'München', postalCode: '80331', country: 'DE', dial: '+49 89', streets: ['Sendlinger Straße', 'Kaufingerstraße', 'Rosenheimer Straße'] },
  { city: 'Berlin', postalCode: '10115', country: 'DE', dial: '+49 30', streets: ['Invalidenstraße', 'Torstraße', 'Chausseestraße'] },
  { city: 'Hamburg', postalCode: '20095', country: 'DE', dial: '+49 40', streets: ['Mönckebergstraße', 'Spitalerstraße', 'Steinstraße'] },
  { city: 'Wien', postalCode: '1070', country: 'AT', dial: '+43 1', streets: ['Mariahilfer Straße', 'Neubaugasse', 'Zollergasse'] },
  { city: 'Lyon', postalCode: '69002', country: 'FR', dial: '+33 4', streets: ['Rue de la République', 'Rue Mercière', 'Quai Saint-Antoine'] },
  { city: 'Milano', postalCode: '20121', country: 'IT', dial: '+39 02', streets: ['Via Brera', 'Corso Garibaldi', 'Via Solferino'] },
  { city: 'Amsterdam', postalCode: '1015', country: 'NL', dial: '+31 20', streets: ['Prinsengracht', 'Herengracht', 'Elandsgracht'] },
]

const firstNames = [
  'Anna', 'Lukas', 'Sofia', 'Noah', 'Lea', 'Luca', 'Mia', 'Elias', 'Laura', 'Jonas', 'Chiara', 'Matteo',
  'Emma', 'Louis', 'Julia', 'Felix', 'Camille', 'Hugo', 'Sara', 'David', 'Nina', 'Marco', 'Eva', 'Tim',
]
const lastNames = [
  'Müller', 'Meier', 'Schmid', 'Keller', 'Weber', 'Huber', 'Schneider', 'Fischer', 'Baumann', 'Brunner',
  'Gerber', 'Frei', 'Rossi', 'Bianchi', 'Dubois', 'Moreau', 'de Vries', 'Bakker', 'Wagner', 'Hofmann',
]
const mailDomains = ['example.com', 'example.org', 'example.net']

const ascii = (text: string) =>
  text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]+/g, '')

const digits = (random: Random, count: number) =>
  Array.from({ length: count }, () => random.int(0, 9)).join('')

/** `count` different people; a few need approval for every order, one is blocked. */
export function makePeople(random: Random, count: number): DemoPerson[] {
  const people: DemoPerson[] = []
  const used = new Set<string>()
  while (people.length < count) {
    const first = random.pick(firstNames)
    const last = random.pick(lastNames)
    const name = `${first} ${last}`
    if (used.has(name)) continue
    used.add(name)
    const place = random.pick(cities)
    const phone = `${place.dial} ${digits(random, 3)} ${digits(random, 2)} ${digits(random, 2)}`
    people.push({
      name,
      email: `${ascii(first)}.${ascii(last)}@${random.pick(mailDomains)}`,
      phone,
      address: {
        name,
        street: `${random.pick(place.streets)} ${random.int(1, 120)}`,
        postalCode: place.postalCode,
        city: place.city,
        country: place.country,
        phone,
      },
      shop: place.country === 'CH' ? 'ch' : 'eu',
    })
  }
  // Every seventh customer is a company buyer whose orders are checked first.
  people.forEach((p, i) => { if (i % 7 === 3) p.requiresApproval = true })
  people[people.length - 1].blocked = true
  return people
}
