/** Comfortable or compact rows, remembered on this device. */
import { useEffect, useState } from 'react'

export type Density = 'comfortable' | 'compact'
const KEY = 'ordo.density'

export function useDensity(): [Density, (d: Density) => void] {
  const [density, setDensity] = useState<Density>(() => (localStorage.getItem(KEY) === 'compact' ? 'compact' : 'comfortable'))
  useEffect(() => {
    document.documentElement.dataset.density = density
    localStorage.setItem(KEY, density)
  }, [density])
  return [density, setDensity]
}
