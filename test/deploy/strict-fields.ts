// Strict unknown-field validation, as `kubectl apply --validate=strict` does against a cluster:
// each rendered object is type-checked (the TypeScript compiler, offline) against the interface
// kubernetes-models generates from the Kubernetes OpenAPI schema of its kind — or, for KEDA and
// the Prometheus Operator, from the OpenAPI schema of their CRDs (@kubernetes-models/keda,
// /prometheus-operator). An object literal with a field its type does not have is an error
// (excess property check) at any depth, which the JSON-schema validation in manifests.ts lets
// through: those schemas allow additional properties.
import { join } from 'node:path';
import ts from 'typescript';
import { type K8sObject, modelModule, ROOT } from './manifests.ts';

/** One line per problem: "<Kind> <name>: <compiler message>"; empty when every object is strictly valid. */
export function unknownFieldErrors(objects: K8sObject[]): string[] {
  const file = join(ROOT, 'test', 'deploy', '__rendered-manifests__.ts');
  const imports = objects.map((o, i) => `import type { I${o.kind} as T${i} } from '${modelModule(o)}';`);
  const declarations = objects.map((o, i) => `export const o${i}: T${i} = ${JSON.stringify(o)};`);
  const source = [...imports, ...declarations].join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === file ? ts.createSourceFile(name, source, language) : getSourceFile(name, language, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
    const object = objects[line - imports.length];
    const where = object ? `${object.kind} ${object.metadata.name}` : (d.file?.fileName ?? 'compiler');
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}
