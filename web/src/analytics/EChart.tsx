/** One ECharts chart in a div, resized with its box and disposed with the component. */
import { useEffect, useRef } from 'react'
import * as echarts from 'echarts/core'
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent, AriaComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, CanvasRenderer])

export type ChartOption = echarts.EChartsCoreOption

export function EChart({ option, label, height = 280 }: { option: ChartOption; label: string; height?: number }) {
  const box = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)
  useEffect(() => {
    if (!box.current) return
    const c = echarts.init(box.current, undefined, { renderer: 'canvas', height })
    chart.current = c
    const resize = new ResizeObserver(() => c.resize())
    resize.observe(box.current)
    return () => { resize.disconnect(); c.dispose(); chart.current = null }
  }, [height])
  useEffect(() => { chart.current?.setOption({ aria: { enabled: true }, ...option }, true) }, [option])
  return <div ref={box} className="chart" role="img" aria-label={label} />
}
