// Placeholder until this page is built; one module per page, rendered by the router.
import { renderPlaceholder } from './placeholder.js';

export function render(root, ctx) {
  renderPlaceholder(root, ctx, 'Service map', 'The service map');
}
