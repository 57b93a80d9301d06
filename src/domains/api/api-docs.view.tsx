/**
 * The API documentation page, rendered on the server from the OpenAPI document itself so that the two
 * never disagree. Plain HTML and the app's stylesheet: no script, nothing from another origin (the
 * CSP is default-src 'self'). It is reference for developers and, like the OpenAPI text, in English.
 */
import type { Json, JsonSchema, OpenApiDocument, OpenApiOperation, OpenApiParameter, OpenApiResponse } from './openapi.ts';
import { operationsOf, resolveRef } from './openapi.ts';

type Operation = ReturnType<typeof operationsOf>[number];

const pretty = (value: unknown) => JSON.stringify(value, null, 2);
const anchorOf = (op: OpenApiOperation) => `op-${op.operationId}`;

/** Inline `code` spans of the document's Markdown-ish descriptions, as <code>; the rest stays text (escaped). */
function Prose({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/(`[^`]+`)/)
        .map((part, i) => (part.startsWith('`') && part.endsWith('`') && part.length > 1 ? <code key={i}>{part.slice(1, -1)}</code> : part))}
    </>
  );
}

/** A schema in a few words: `integer`, `string (date-time)`, `one of: a, b`, `Announcement`. */
function schemaSummary(schema: JsonSchema | undefined): string {
  if (!schema) return '';
  if (typeof schema.$ref === 'string') return schema.$ref.split('/').pop() ?? '';
  const type = Array.isArray(schema.type) ? schema.type.join(' or ') : String(schema.type ?? 'any');
  const parts = [type];
  if (schema.format) parts.push(`(${schema.format})`);
  if (Array.isArray(schema.enum)) parts.push(`one of: ${schema.enum.filter((v) => v !== null).join(', ')}`);
  if (typeof schema.minimum === 'number' && typeof schema.maximum === 'number') parts.push(`${schema.minimum}–${schema.maximum}`);
  if (schema.default !== undefined) parts.push(`default ${String(schema.default)}`);
  return parts.join(' ');
}

/** A shell-safe single-quoted string. */
const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** A curl command that calls the operation with its examples (token from $PLENARY_API_TOKEN). */
export function curlExample(document: OpenApiDocument, op: Operation): string {
  const server = document.servers[0]?.url ?? '';
  const parameters = (op.operation.parameters ?? []).map((p) => resolveRef<OpenApiParameter>(document, p));
  let path = op.path;
  for (const p of parameters.filter((p) => p.in === 'path')) path = path.replace(`{${p.name}}`, String(p.example ?? 1));
  const query = new URLSearchParams();
  for (const p of parameters.filter((p) => p.in === 'query' && p.example !== undefined)) query.set(p.name, String(p.example));
  const url = `${server}${path}${query.size ? `?${query}` : ''}`;
  const lines = [
    `curl -sS${op.method === 'get' ? '' : ` -X ${op.method.toUpperCase()}`} ${shellQuote(url)}`,
    `  -H "Authorization: Bearer $PLENARY_API_TOKEN"`,
  ];
  const body = op.operation.requestBody?.content['application/json'].example;
  if (body !== undefined) lines.push(`  -H 'Content-Type: application/json'`, `  --data ${shellQuote(JSON.stringify(body))}`);
  return lines.join(' \\\n');
}

function Example({ value }: { value: Json | undefined }) {
  if (value === undefined) return null;
  return (
    <pre class="mail-text">
      <code>{pretty(value)}</code>
    </pre>
  );
}

function OperationSection({ document, op }: { document: OpenApiDocument; op: Operation }) {
  const { operation } = op;
  const parameters = (operation.parameters ?? []).map((p) => resolveRef<OpenApiParameter>(document, p));
  const body = operation.requestBody;
  const method = op.method.toUpperCase();
  return (
    <section id={anchorOf(operation)} class="panel" aria-labelledby={`${anchorOf(operation)}-title`}>
      <h2 id={`${anchorOf(operation)}-title`}>
        <code>
          {method} {op.fullPath}
        </code>
      </h2>
      <p class="lead">{operation.summary}</p>
      <dl class="facts">
        <dt>Token role</dt>
        <dd>
          <span class="badge">{operation['x-plenary-role']}</span>{' '}
          {operation['x-plenary-role'] === 'viewer' ? '(viewer or editor tokens)' : '(editor tokens only)'}
        </dd>
        <dt>Operation id</dt>
        <dd>
          <code>{operation.operationId}</code>
        </dd>
      </dl>
      <p>
        <Prose text={operation.description} />
      </p>

      {parameters.length > 0 && (
        <table class="table">
          <caption>Parameters</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">In</th>
              <th scope="col">Type</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {parameters.map((p) => (
              <tr key={`${p.in}-${p.name}`}>
                <td>
                  <code>{p.name}</code>
                  {p.required ? ' (required)' : ''}
                </td>
                <td>{p.in}</td>
                <td>{schemaSummary(p.schema)}</td>
                <td>
                  <Prose text={p.description} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {body && (
        <>
          <h3>
            Request body ({body.required ? 'required' : 'optional'}): {schemaSummary(body.content['application/json'].schema)}
          </h3>
          <Example value={body.content['application/json'].example} />
        </>
      )}

      <h3>Responses</h3>
      {Object.entries(operation.responses).map(([status, value]) => {
        const response = resolveRef<OpenApiResponse>(document, value);
        const content = response.content?.['application/json'];
        return (
          <div key={status}>
            <h4>
              <code>{status}</code> <Prose text={response.description} />
              {content && ` — ${schemaSummary(content.schema)}`}
            </h4>
            {Number(status) < 300 && <Example value={content?.example} />}
            {Number(status) >= 300 && content?.example !== undefined && (
              <p>
                <code>{JSON.stringify(content.example)}</code>
              </p>
            )}
          </div>
        );
      })}

      <h3>Example</h3>
      <pre class="mail-text">
        <code>{curlExample(document, op)}</code>
      </pre>
    </section>
  );
}

/** The whole documentation page. */
export function ApiDocsPage({ document }: { document: OpenApiDocument }) {
  const operations = operationsOf(document);
  return (
    <html lang="en" dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{document.info.title}</title>
        <link rel="stylesheet" href="/assets/plenary.css" />
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="site-header">
          <div class="site-header__inner">
            <a class="brand" href="/">
              Plenary
            </a>
          </div>
        </header>
        <main id="main" class="page">
          <h1>
            {document.info.title} <span class="badge">v{document.info.version}</span>
          </h1>
          <p class="lead">{document.info.summary}</p>
          <p>
            <Prose text={document.info.description} />
          </p>
          <dl class="facts">
            <dt>Base URL</dt>
            <dd>
              <code>{document.servers[0]?.url}</code>
            </dd>
            <dt>OpenAPI document</dt>
            <dd>
              <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI {document.openapi})
            </dd>
          </dl>

          <nav aria-labelledby="operations-heading">
            <h2 id="operations-heading">Operations</h2>
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Method and path</th>
                  <th scope="col">What it does</th>
                  <th scope="col">Token role</th>
                </tr>
              </thead>
              <tbody>
                {operations.map((op) => (
                  <tr key={op.operation.operationId}>
                    <td>
                      <a href={`#${anchorOf(op.operation)}`}>
                        <code>
                          {op.method.toUpperCase()} {op.fullPath}
                        </code>
                      </a>
                    </td>
                    <td>{op.operation.summary}</td>
                    <td>{op.operation['x-plenary-role']}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </nav>

          {operations.map((op) => (
            <OperationSection key={op.operation.operationId} document={document} op={op} />
          ))}

          <section aria-labelledby="schemas-heading">
            <h2 id="schemas-heading">Schemas</h2>
            {Object.entries(document.components.schemas).map(([name, schema]) => (
              <details key={name} id={`schema-${name}`}>
                <summary>
                  <code>{name}</code>
                  {typeof schema.description === 'string' ? ` — ${schema.description}` : ''}
                </summary>
                <pre class="mail-text">
                  <code>{pretty(schema)}</code>
                </pre>
              </details>
            ))}
          </section>
        </main>
      </body>
    </html>
  );
}
