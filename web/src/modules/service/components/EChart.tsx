import * as echarts from 'echarts';
import { useEffect, useRef } from 'react';

/**
 * ECharts on a div, as the reports draw them: created once, options replaced on change, resized with
 * its box, SVG renderer (the labels are in the DOM, where tests and the layout guard read them).
 */
export function EChart({
  option,
  height,
  testId,
  userContent,
}: {
  option: echarts.EChartsCoreOption;
  height: number;
  testId?: string;
  /** Its labels are the workspace's own data (topics are free text), shown as they are. */
  userContent?: boolean;
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
  return (
    <div
      ref={el}
      style={{ width: '100%', height }}
      data-testid={testId}
      {...(userContent ? { 'data-user-content': '' } : {})}
    />
  );
}
