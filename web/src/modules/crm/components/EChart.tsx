import * as echarts from 'echarts';
import { useEffect, useRef } from 'react';

/**
 * ECharts on a div: created once, options replaced on change (notMerge, so removed series go away),
 * resized with its box (ResizeObserver covers the navbar collapsing, not only window resizes).
 * SVG renderer: crisp text and the labels are in the DOM, which tests and screen readers can read.
 */
export function EChart({
  option,
  height = 320,
  testId,
}: {
  option: echarts.EChartsCoreOption;
  height?: number;
  testId?: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'svg' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={el} style={{ width: '100%', height }} data-testid={testId} />;
}
