// A page whose view is not built yet: says so, and keeps the URL's query visible so links into it still carry meaning.
import { h } from '../core/dom.js';

export function renderPlaceholder(root, ctx, title, what) {
  root.append(
    h('h1', { text: title }),
    h('p', { class: 'muted', text: `${what} arrives in a later step of the UI work.` }),
    ctx.state.q ? h('p', {}, 'Query: ', h('code', { text: ctx.state.q })) : null,
  );
}
