// Used only by `make dist-check`, never shipped: Go 1.24 and later take random
// numbers from ProcessPrng in bcryptprimitives.dll, which Windows 10 and 11
// have but Debian 12's Wine 8.0 does not, so every Go program stops there
// ("bcryptprimitives.dll not found"). This stand-in gives ProcessPrng on
// RtlGenRandom and is put in the check's temporary Wine prefix's system32.
#include <windows.h>
#include <ntsecapi.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
		if (!RtlGenRandom(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
