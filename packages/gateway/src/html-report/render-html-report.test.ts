import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from './render-html-report.js';

describe('renderHtmlReport', () => {
  it('escapes every text and embeds chart data safely', () => {
    const page = renderHtmlReport({
      title: 'Report <script>alert(1)</script>',
      figures: [{ label: 'success', value: '12%', tone: 'bad' }],
      sections: [
        {
          title: 'By category',
          paragraphs: ['a & b'],
          chart: {
            type: 'bar',
            labels: ['</script><script>alert(2)</script>'],
            datasets: [{ label: 'rate', data: [0.5] }],
          },
          table: { headers: ['name', 'rate'], rows: [['<img src=x>', 0.12345]] },
          details: [{ summary: 'evidence', body: '<b>prompt</b>' }],
        },
      ],
    });
    expect(page).toContain('Report &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('a &amp; b');
    expect(page).toContain('&lt;img src=x&gt;');
    expect(page).toContain('0.123');
    expect(page).not.toContain('</script><script>alert(2)');
    expect(page).toContain('\\u003c/script>');
    expect(page).toContain("default-src 'none'");
    expect(page).toMatch(/Chart/);
  });
});
