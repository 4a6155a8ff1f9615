// Structural checks of one built addon, with LLVM's binary tools (they read ELF, Mach-O and
// PE alike): the right architecture, N-API's entry point exported, and what it needs from
// the system no more than the platform promises (glibc 2.17; musl only; macOS 10.13 / 11.0
// and system dylibs only, each symbol bound to its library; Windows system DLLs only, no
// node.lib import).
// Returns a list of facts; throws listing every check that failed.
import { execFileSync } from 'node:child_process';

const tool = (name, args) => execFileSync(name, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
const cmpVersion = (a, b) => {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] || 0) !== (y[i] || 0)) return (x[i] || 0) - (y[i] || 0);
  return 0;
};

const ARCH = {
  'linux-x64-gnu': /X86-64/i, 'linux-x64-musl': /X86-64/i, 'linux-arm64-gnu': /AArch64/i, 'linux-arm64-musl': /AArch64/i,
  'darwin-x64': /Mach-O 64-bit x86-64/i, 'darwin-arm64': /Mach-O arm64/i, 'win32-x64-msvc': /COFF-x86-64/i,
};
const WINDOWS_SYSTEM_DLL = /^(kernel32|kernelbase|ntdll|advapi32|bcrypt|bcryptprimitives|crypt32|secur32|ws2_32|userenv|user32|shell32|ole32|oleaut32|iphlpapi|dnsapi|ncrypt|msvcrt|ucrtbase|synchronization|api-ms-win-[a-z0-9-]+)\.dll$/i;

/** A Mach-O file's imported symbols bound by flat lookup, but N-API's (node provides them). */
export function flatImports(file) {
  return tool('llvm-nm', ['-m', '--undefined-only', file]).split('\n')
    .filter((l) => /\(undefined\)/.test(l) && !/\(from /.test(l)).map((l) => l.match(/external (\S+)/)[1])
    .filter((sym) => !/^_(napi|node_api)_|^dyld_stub_binder$/.test(sym));
}

export function checkArtifact(target, file) {
  const facts = [];
  const problems = [];
  const headers = tool('llvm-readobj', ['--file-headers', file]);
  const format = (headers.match(/Format: (.*)/) || [])[1] || '?';
  if (!ARCH[target.platform].test(headers)) problems.push(`architecture: ${format}`);
  facts.push(format);

  if (target.platform.startsWith('linux')) {
    const dyn = tool('llvm-objdump', ['-T', file]);
    if (!/\sg\s+DF\s+\.text\s.*\snapi_register_module_v1$/m.test(dyn) && !/napi_register_module_v1/.test(dyn)) problems.push('napi_register_module_v1 not exported');
    const needed = [...tool('llvm-readelf', ['-d', file]).matchAll(/\(NEEDED\)\s+Shared library: \[(.*?)\]/g)].map((m) => m[1]);
    facts.push(`needs ${needed.join(', ')}`);
    if (target.platform.endsWith('gnu')) {
      const versions = [...new Set([...dyn.matchAll(/GLIBC_(\d+(?:\.\d+)+)/g)].map((m) => m[1]))].sort(cmpVersion);
      const highest = versions[versions.length - 1];
      facts.push(`highest GLIBC_${highest}`);
      if (!highest || cmpVersion(highest, '2.17') > 0) problems.push(`needs GLIBC_${highest} (> 2.17)`);
      if (needed.some((n) => n.includes('musl'))) problems.push('links musl');
    } else {
      if (needed.some((n) => /^(libc\.so\.6|ld-linux|libpthread|libdl|libm\.so\.6)/.test(n))) problems.push(`links glibc (${needed.join(', ')})`);
      if (/GLIBC_/.test(dyn)) problems.push('references GLIBC_ symbol versions');
    }
  } else if (target.platform.startsWith('darwin')) {
    const exported = tool('llvm-nm', ['-g', '--defined-only', file]);
    if (!/\s_napi_register_module_v1$/m.test(exported)) problems.push('_napi_register_module_v1 not exported');
    const load = tool('llvm-objdump', ['--macho', '--private-headers', file]);
    const minos = (load.match(/cmd LC_BUILD_VERSION[\s\S]*?minos (\S+)/) || load.match(/cmd LC_VERSION_MIN_MACOSX[\s\S]*?version (\S+)/) || [])[1];
    facts.push(`min macOS ${minos}`);
    if (!minos || cmpVersion(minos, target.minOs) > 0) problems.push(`minimum macOS ${minos} (> ${target.minOs})`);
    const dylibs = [...load.matchAll(/cmd LC_(?:LOAD|LOAD_WEAK|REEXPORT)_DYLIB[\s\S]*?name (\S+)/g)].map((m) => m[1]);
    facts.push(`links ${dylibs.join(', ')}`);
    const foreign = dylibs.filter((d) => !/^\/usr\/lib\/|^\/System\/Library\//.test(d));
    if (foreign.length) problems.push(`non-system dylibs: ${foreign.join(', ')}`);
    // Every imported symbol is bound to the library that has it, but N-API's, which the
    // node process provides (dynamic lookup, as every addon).
    const flat = flatImports(file);
    if (flat.length) problems.push(`symbols bound by flat lookup, not to their library: ${flat.slice(0, 8).join(', ')}${flat.length > 8 ? ', …' : ''}`);
  } else {
    const pe = tool('llvm-objdump', ['-p', file]);
    if (!/napi_register_module_v1/.test(pe)) problems.push('napi_register_module_v1 not exported');
    const dlls = [...new Set([...pe.matchAll(/DLL Name: (\S+)/g)].map((m) => m[1]))];
    facts.push(`imports ${dlls.join(', ')}`);
    const foreign = dlls.filter((d) => !WINDOWS_SYSTEM_DLL.test(d));
    if (foreign.length) problems.push(`non-system DLLs: ${foreign.join(', ')}`);
  }
  if (problems.length) throw new Error(`${target.platform}: ${file}: ${problems.join('; ')}`);
  return facts;
}
