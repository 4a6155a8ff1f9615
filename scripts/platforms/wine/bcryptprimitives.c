// A stand-in for Windows 10's bcryptprimitives.dll, which wine 8 (Debian 12) lacks: Rust's
// standard library takes its randomness from ProcessPrng there. Installed into the wine
// prefix that runs the Windows smoke test (scripts/platforms/tools.mjs), never shipped.
#include <windows.h>
#include <bcrypt.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
  while (len) {
    ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
    if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG))) return FALSE;
    data += chunk;
    len -= chunk;
  }
  return TRUE;
}
