import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.ts';
import {
  compile,
  compileMjml,
  Facts,
  htmlToText,
  Lru,
  money,
  renderCompiled,
  renderLenient,
  type Content,
} from './template-render.ts';

const scope = (data: Record<string, unknown> = {}, person: Record<string, unknown> = {}) => ({
  person: new Facts({ ...person, traits: new Facts((person.traits as Record<string, unknown>) ?? {}) }),
  data,
  message: new Facts({ id: 'm1' }),
  unsubscribe_url: 'https://k.test/u/tok',
  preferences_url: '',
});

/** The error's details, or fails when `p` does not reject with a 4xx AppError. */
async function refused(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).status).toBe(400);
  return (e as AppError).details;
}

const mjml = (inner: string) =>
  `<mjml><mj-head><mj-title>{{ data.title }}</mj-title></mj-head><mj-body><mj-section><mj-column>\n${inner}\n</mj-column></mj-section></mj-body></mjml>`;

describe('engage: template rendering', () => {
  it('MJML keeps Liquid in text and attributes; Liquid renders after it, per person', async () => {
    const html = await compileMjml(
      mjml(
        '<mj-text>Hello {{ person.firstName | default: "friend" }} {% if data.vip %}<b>VIP</b>{% endif %}</mj-text>\n<mj-button href="{{ data.url }}?e={{ person.email | url_encode }}">Go</mj-button>\n<mj-raw>{% for p in data.items %}</mj-raw><mj-text>{{ p.name }}</mj-text><mj-raw>{% endfor %}</mj-raw>',
      ),
      'body',
    );
    expect(html).toContain('{{ person.firstName | default: "friend" }}');
    expect(html).toContain('{% if data.vip %}<b>VIP</b>{% endif %}');
    expect(html).toContain('href="{{ data.url }}?e={{ person.email | url_encode }}"');
    expect(html).toContain('{% for p in data.items %}');
    const c = await compile({
      format: 'mjml',
      subject: 'Hi {{ person.firstName }}',
      body: mjml(
        '<mj-text>Hello {{ person.firstName | default: "friend" }}</mj-text><mj-button href="{{ data.url }}">Go</mj-button><mj-raw>{% for p in data.items %}</mj-raw><mj-text>* {{ p.name }}</mj-text><mj-raw>{% endfor %}</mj-raw>',
      ),
    });
    const out = await renderCompiled(
      c,
      scope(
        { url: 'https://shop.test/x', items: [{ name: 'Tea' }, { name: 'Cake' }], title: 'T' },
        { firstName: 'Анна', email: 'a@b.test' },
      ),
    );
    expect(out.subject).toBe('Hi Анна');
    expect(out.html).toContain('Hello Анна');
    expect(out.html).toContain('href="https://shop.test/x"');
    expect(out.html).toMatch(/\* Tea[\s\S]*\* Cake/);
    // The plain-text part comes from the HTML: the link's URL is kept, markup and the title are not.
    expect(out.text).toContain('Hello Анна');
    expect(out.text).toContain('Go (https://shop.test/x)');
    expect(out.text).not.toMatch(/<|mj-|\{\{/);
  });

  it('refuses a Liquid tag MJML would drop, bad MJML and bad Liquid, naming the field and the line', async () => {
    const dropped = await refused(
      compile({ format: 'mjml', subject: 's', body: mjml('{% if data.x %}<mj-text>x</mj-text>{% endif %}') }),
    );
    expect(dropped[0]).toMatchObject({ path: 'body' });
    expect(dropped[0]!.message).toMatch(/line 2.*mj-raw/);
    const bad = await refused(
      compile({
        format: 'mjml',
        subject: 's',
        body: '<mjml><mj-body>\n<mj-section><mj-text>x</mj-text></mj-section></mj-body></mjml>',
      }),
    );
    expect(bad[0]).toMatchObject({ path: 'body' });
    expect(bad[0]!.message).toMatch(/MJML line 2: mj-text cannot be used inside mj-section/);
    const liquid = await refused(
      compile({ format: 'html', subject: 'Hi {{ person.firstName', body: '<p>{% if %}</p>' }, 'variants.en.'),
    );
    expect(liquid.map((d) => d.path).sort()).toEqual(['variants.en.body', 'variants.en.subject']);
    const filter = await refused(compile({ format: 'text', subject: null, body: '{{ data.x | no_such_filter }}' }));
    expect(filter[0]!.message).toMatch(/undefined filter: no_such_filter/);
    const include = await refused(compile({ format: 'text', subject: null, body: '{% include "secrets" %}' }));
    expect(include[0]!.message).toMatch(/include/);
    const root = await refused(compile({ format: 'text', subject: null, body: '{{ user.name }}' }));
    expect(root[0]!.message).toMatch(/unknown variable "user"/);
    const mjInclude = await compileMjml(mjml('<mj-include path="/etc/passwd" /><mj-text>ok</mj-text>'), 'body');
    expect(mjInclude).not.toContain('root:');
  });

  it('a missing data variable is a 400 naming it unless defaulted or guarded; a missing person field is empty', async () => {
    const c = await compile({
      format: 'text',
      subject: null,
      body: 'Hi {{ person.firstName }}{{ person.traits.city }}, order {{ data.order.id }}',
    });
    const details = await refused(renderCompiled(c, scope({})));
    expect(details[0]).toMatchObject({ path: 'data.order', code: 'REQUIRED' });
    expect((await renderCompiled(c, scope({ order: { id: 7 } }))).text).toBe('Hi , order 7');
    const guarded = await compile({
      format: 'text',
      subject: null,
      body: '{{ data.code | default: "none" }}{% if data.vip %}VIP{% endif %}{% if person.traits.vip %}T{% endif %}',
    });
    expect((await renderCompiled(guarded, scope({}))).text).toBe('none');
    const lenient = await renderLenient(c, scope({}, { firstName: 'Oleg' }));
    expect(lenient.missing).toEqual(['data.order']);
    expect(lenient.text).toBe('Hi Oleg, order [data.order]');
  });

  it('escapes HTML output (not text or subjects); | raw opts out', async () => {
    const c = await compile({
      format: 'html',
      subject: '{{ person.firstName }}',
      body: '<p>{{ person.firstName }}</p><p>{{ data.safe | raw }}</p>',
    });
    const out = await renderCompiled(c, scope({ safe: '<i>ok</i>' }, { firstName: '<script>alert(1)</script>' }));
    expect(out.html).toContain('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(out.html).toContain('<p><i>ok</i></p>');
    expect(out.subject).toBe('<script>alert(1)</script>');
  });

  it('a runaway template fails as a 400 instead of eating the server', async () => {
    const c = await compile({
      format: 'text',
      subject: null,
      body: '{% for i in (1..100000000) %}xxxxxxxxxx{% endfor %}',
    });
    const details = await refused(renderCompiled(c, scope()));
    expect(details[0]!.path).toBe('body');
  });

  it('money, htmlToText and the LRU', async () => {
    expect(money(1234.5)).toMatch(/^1\s234,50\s₽$/);
    expect(money('x')).toBe('');
    const c = await compile({ format: 'text', subject: null, body: '{{ data.sum | money }}' } as Content);
    expect((await renderCompiled(c, scope({ sum: 990 }))).text).toMatch(/^990,00\s₽$/);
    expect(htmlToText('<style>a{}</style><p>A &amp; B</p><a href="https://x.test/?a=1&amp;b=2">link</a><br>Z')).toBe(
      'A & B\nlink (https://x.test/?a=1&b=2)\nZ',
    );
    const lru = new Lru<number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.get('a');
    lru.set('c', 3);
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual([1, undefined, 3]);
  });
});
