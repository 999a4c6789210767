/** A callable a pickle imports (GLOBAL / STACK_GLOBAL / INST). */
export interface PickleImport {
  readonly module: string;
  readonly name: string;
  readonly offset: number;
}

/** What a static walk over pickle opcodes found. Nothing is ever unpickled. */
export interface PickleAnalysis {
  readonly imports: readonly PickleImport[];
  /** The opcode stream is malformed or truncated at this offset. */
  readonly error?: string;
  /** Bytes after the STOP opcode (hidden second payload). */
  readonly trailingBytes: number;
  /** Number of REDUCE/BUILD/NEWOBJ/OBJ/INST calls. */
  readonly calls: number;
}

type Argument =
  | { kind: 'none' }
  | { kind: 'fixed'; size: number }
  | { kind: 'line' }
  | { kind: 'two-lines' }
  | { kind: 'length'; size: 1 | 4 | 8 }
  | { kind: 'long'; size: 1 | 4 };

// Pickle opcodes (protocols 0-5) and how their argument is encoded, after CPython's pickletools.
const opcodes = new Map<number, { name: string; argument: Argument }>([
  [0x28, { name: 'MARK', argument: { kind: 'none' } }],
  [0x2e, { name: 'STOP', argument: { kind: 'none' } }],
  [0x30, { name: 'POP', argument: { kind: 'none' } }],
  [0x31, { name: 'POP_MARK', argument: { kind: 'none' } }],
  [0x32, { name: 'DUP', argument: { kind: 'none' } }],
  [0x46, { name: 'FLOAT', argument: { kind: 'line' } }],
  [0x49, { name: 'INT', argument: { kind: 'line' } }],
  [0x4a, { name: 'BININT', argument: { kind: 'fixed', size: 4 } }],
  [0x4b, { name: 'BININT1', argument: { kind: 'fixed', size: 1 } }],
  [0x4c, { name: 'LONG', argument: { kind: 'line' } }],
  [0x4d, { name: 'BININT2', argument: { kind: 'fixed', size: 2 } }],
  [0x4e, { name: 'NONE', argument: { kind: 'none' } }],
  [0x50, { name: 'PERSID', argument: { kind: 'line' } }],
  [0x51, { name: 'BINPERSID', argument: { kind: 'none' } }],
  [0x52, { name: 'REDUCE', argument: { kind: 'none' } }],
  [0x53, { name: 'STRING', argument: { kind: 'line' } }],
  [0x54, { name: 'BINSTRING', argument: { kind: 'length', size: 4 } }],
  [0x55, { name: 'SHORT_BINSTRING', argument: { kind: 'length', size: 1 } }],
  [0x56, { name: 'UNICODE', argument: { kind: 'line' } }],
  [0x58, { name: 'BINUNICODE', argument: { kind: 'length', size: 4 } }],
  [0x61, { name: 'APPEND', argument: { kind: 'none' } }],
  [0x62, { name: 'BUILD', argument: { kind: 'none' } }],
  [0x63, { name: 'GLOBAL', argument: { kind: 'two-lines' } }],
  [0x64, { name: 'DICT', argument: { kind: 'none' } }],
  [0x7d, { name: 'EMPTY_DICT', argument: { kind: 'none' } }],
  [0x65, { name: 'APPENDS', argument: { kind: 'none' } }],
  [0x67, { name: 'GET', argument: { kind: 'line' } }],
  [0x68, { name: 'BINGET', argument: { kind: 'fixed', size: 1 } }],
  [0x69, { name: 'INST', argument: { kind: 'two-lines' } }],
  [0x6a, { name: 'LONG_BINGET', argument: { kind: 'fixed', size: 4 } }],
  [0x6c, { name: 'LIST', argument: { kind: 'none' } }],
  [0x5d, { name: 'EMPTY_LIST', argument: { kind: 'none' } }],
  [0x6f, { name: 'OBJ', argument: { kind: 'none' } }],
  [0x70, { name: 'PUT', argument: { kind: 'line' } }],
  [0x71, { name: 'BINPUT', argument: { kind: 'fixed', size: 1 } }],
  [0x72, { name: 'LONG_BINPUT', argument: { kind: 'fixed', size: 4 } }],
  [0x73, { name: 'SETITEM', argument: { kind: 'none' } }],
  [0x74, { name: 'TUPLE', argument: { kind: 'none' } }],
  [0x29, { name: 'EMPTY_TUPLE', argument: { kind: 'none' } }],
  [0x75, { name: 'SETITEMS', argument: { kind: 'none' } }],
  [0x47, { name: 'BINFLOAT', argument: { kind: 'fixed', size: 8 } }],
  [0x80, { name: 'PROTO', argument: { kind: 'fixed', size: 1 } }],
  [0x81, { name: 'NEWOBJ', argument: { kind: 'none' } }],
  [0x82, { name: 'EXT1', argument: { kind: 'fixed', size: 1 } }],
  [0x83, { name: 'EXT2', argument: { kind: 'fixed', size: 2 } }],
  [0x84, { name: 'EXT4', argument: { kind: 'fixed', size: 4 } }],
  [0x85, { name: 'TUPLE1', argument: { kind: 'none' } }],
  [0x86, { name: 'TUPLE2', argument: { kind: 'none' } }],
  [0x87, { name: 'TUPLE3', argument: { kind: 'none' } }],
  [0x88, { name: 'NEWTRUE', argument: { kind: 'none' } }],
  [0x89, { name: 'NEWFALSE', argument: { kind: 'none' } }],
  [0x8a, { name: 'LONG1', argument: { kind: 'long', size: 1 } }],
  [0x8b, { name: 'LONG4', argument: { kind: 'long', size: 4 } }],
  [0x42, { name: 'BINBYTES', argument: { kind: 'length', size: 4 } }],
  [0x43, { name: 'SHORT_BINBYTES', argument: { kind: 'length', size: 1 } }],
  [0x8c, { name: 'SHORT_BINUNICODE', argument: { kind: 'length', size: 1 } }],
  [0x8d, { name: 'BINUNICODE8', argument: { kind: 'length', size: 8 } }],
  [0x8e, { name: 'BINBYTES8', argument: { kind: 'length', size: 8 } }],
  [0x8f, { name: 'EMPTY_SET', argument: { kind: 'none' } }],
  [0x90, { name: 'ADDITEMS', argument: { kind: 'none' } }],
  [0x91, { name: 'FROZENSET', argument: { kind: 'none' } }],
  [0x92, { name: 'NEWOBJ_EX', argument: { kind: 'none' } }],
  [0x93, { name: 'STACK_GLOBAL', argument: { kind: 'none' } }],
  [0x94, { name: 'MEMOIZE', argument: { kind: 'none' } }],
  [0x95, { name: 'FRAME', argument: { kind: 'fixed', size: 8 } }],
  [0x96, { name: 'BYTEARRAY8', argument: { kind: 'length', size: 8 } }],
  [0x97, { name: 'NEXT_BUFFER', argument: { kind: 'none' } }],
  [0x98, { name: 'READONLY_BUFFER', argument: { kind: 'none' } }],
]);

const stringOpcodes = new Set([
  'SHORT_BINUNICODE',
  'BINUNICODE',
  'BINUNICODE8',
  'UNICODE',
  'STRING',
  'BINSTRING',
  'SHORT_BINSTRING',
]);
const callOpcodes = new Set(['REDUCE', 'BUILD', 'NEWOBJ', 'NEWOBJ_EX', 'OBJ', 'INST']);

function readUnsigned(bytes: Uint8Array, offset: number, size: number): number {
  let value = 0;
  for (let index = size - 1; index >= 0; index -= 1) value = value * 256 + (bytes[offset + index] ?? 0);
  return value;
}

/**
 * Walks pickle opcodes statically (never executes) and lists the callables it would import.
 * STACK_GLOBAL's module and name are recovered from the two most recent string pushes, the way
 * picklescan and fickling do.
 *
 * @example
 * analyzePickle(bytes).imports // [{ module: 'os', name: 'system', offset: 0 }]
 */
export function analyzePickle(bytes: Uint8Array, start = 0): PickleAnalysis & { end: number } {
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const imports: PickleImport[] = [];
  const recentStrings: string[] = [];
  let calls = 0;
  let offset = start;
  while (offset < bytes.length) {
    const opcodeOffset = offset;
    const code = bytes[offset] ?? 0;
    const opcode = opcodes.get(code);
    if (!opcode) {
      return {
        imports,
        calls,
        trailingBytes: 0,
        end: offset,
        error: `unknown opcode 0x${code.toString(16)} at ${offset}`,
      };
    }
    offset += 1;
    const argument = opcode.argument;
    let text: string | undefined;
    if (argument.kind === 'fixed') offset += argument.size;
    else if (argument.kind === 'line' || argument.kind === 'two-lines') {
      const lines: string[] = [];
      for (let count = argument.kind === 'line' ? 1 : 2; count > 0; count -= 1) {
        const newline = bytes.indexOf(0x0a, offset);
        if (newline < 0)
          return {
            imports,
            calls,
            trailingBytes: 0,
            end: offset,
            error: `unterminated ${opcode.name} at ${opcodeOffset}`,
          };
        lines.push(decoder.decode(bytes.subarray(offset, newline)));
        offset = newline + 1;
      }
      if (opcode.name === 'GLOBAL' || opcode.name === 'INST') {
        imports.push({ module: lines[0] ?? '', name: lines[1] ?? '', offset: opcodeOffset });
      }
      text = lines[0]?.replace(/^['"]|['"]$/g, '');
    } else if (argument.kind === 'length' || argument.kind === 'long') {
      if (offset + argument.size > bytes.length) {
        return { imports, calls, trailingBytes: 0, end: offset, error: `truncated ${opcode.name} at ${opcodeOffset}` };
      }
      const length = readUnsigned(bytes, offset, argument.size);
      offset += argument.size;
      if (offset + length > bytes.length) {
        return { imports, calls, trailingBytes: 0, end: offset, error: `truncated ${opcode.name} at ${opcodeOffset}` };
      }
      if (argument.kind === 'length' && stringOpcodes.has(opcode.name))
        text = decoder.decode(bytes.subarray(offset, offset + length));
      offset += length;
    }
    if (offset > bytes.length)
      return { imports, calls, trailingBytes: 0, end: offset, error: `truncated ${opcode.name} at ${opcodeOffset}` };
    if (text !== undefined && stringOpcodes.has(opcode.name)) {
      recentStrings.push(text);
      if (recentStrings.length > 2) recentStrings.shift();
    }
    if (opcode.name === 'STACK_GLOBAL') {
      imports.push({ module: recentStrings[0] ?? '?', name: recentStrings[1] ?? '?', offset: opcodeOffset });
    }
    if (callOpcodes.has(opcode.name)) calls += 1;
    if (opcode.name === 'STOP') return { imports, calls, trailingBytes: bytes.length - offset, end: offset };
  }
  return { imports, calls, trailingBytes: 0, end: offset, error: 'missing STOP opcode' };
}

/** Modules and callables that let a pickle run code, touch files or the network. */
const dangerousModules = new Set([
  'os',
  'posix',
  'nt',
  'subprocess',
  'socket',
  'shutil',
  'sys',
  'pty',
  'commands',
  'runpy',
  'importlib',
  'webbrowser',
  'requests',
  'urllib',
  'urllib.request',
  'http.client',
  'ftplib',
  'telnetlib',
  'smtplib',
  'ctypes',
  'multiprocessing',
  'code',
  'codeop',
  'pickle',
  '_pickle',
  'marshal',
  'types',
  'asyncio',
  'bdb',
  'pdb',
  'timeit',
  'profile',
  'cProfile',
  'torch.hub',
  'platform',
  'signal',
]);
const dangerousBuiltins = new Set([
  'eval',
  'exec',
  'compile',
  'open',
  '__import__',
  'getattr',
  'setattr',
  'delattr',
  'globals',
  'locals',
  'input',
  'breakpoint',
  'apply',
]);

/**
 * Severity of importing `module.name` from a pickle, or undefined when it is a known-safe callable.
 *
 * @example
 * importSeverity('os', 'system') // 'critical'
 */
export function importSeverity(module: string, name: string): 'critical' | 'high' | 'medium' | undefined {
  const root = module.split('.')[0] ?? module;
  if (dangerousModules.has(module) || dangerousModules.has(root)) return 'critical';
  if ((module === 'builtins' || module === '__builtin__' || module === '__builtins__') && dangerousBuiltins.has(name))
    return 'critical';
  if (module === 'operator' && ['attrgetter', 'methodcaller', 'itemgetter'].includes(name)) return 'high';
  const safe =
    /^(collections|torch|numpy|numpy\.core\.multiarray|numpy\.core\.numeric|_codecs|copyreg|__builtin__|builtins|datetime|decimal|fractions|sklearn|scipy|pandas|transformers|tokenizers|_operator)(\.|$)/.test(
      module,
    );
  return safe ? undefined : 'medium';
}
