// Placeholder until this page is built; one module per page, rendered by the router.
import { renderPlaceholder } from './placeholder.js';

export function render(root, ctx) {
  renderPlaceholder(root, ctx, 'Search', 'Trace search (TraceQL editor, results, scatter plot)');
}
