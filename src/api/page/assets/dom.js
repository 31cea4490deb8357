/**
 * Building the page's DOM without HTML strings. Lock names, person names, key names and notes come from users
 * (and the Tedee app), so every text goes in as a Text node (`append` of a string, or `textContent`): nothing here
 * parses markup. ESLint forbids innerHTML, outerHTML, insertAdjacentHTML and document.write in this folder.
 */

/**
 * `el('button', {type: 'button', class: 'primary', onclick}, 'Sign in')`. Attributes are set with setAttribute
 * (`true` = present, `false`/null/undefined = absent); `on<event>` adds a listener; children are nodes or strings.
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

/** Appends nodes and strings (as text), skipping null, undefined and false; arrays are flattened. */
export function append(parent, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : String(child));
  }
  return parent;
}

/** Replaces every child of `parent` with `children`. */
export function replaceChildren(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** The element with this id; a missing one is a bug in index.html, said at once. */
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`index.html has no element #${id}`);
  return node;
}

/** Shows or hides an element with the `hidden` attribute (no inline styles: the CSP has no 'unsafe-inline'). */
export function show(node, visible = true) {
  node.hidden = !visible;
}
