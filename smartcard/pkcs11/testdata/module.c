/* A minimal PKCS#11 module for the bad-module tests, built with
 * gcc -shared -fPIC -DMODE_x. Only the head of CK_FUNCTION_LIST (v2.40) is
 * filled: C_Initialize, C_Finalize, C_GetInfo; the rest stay NULL. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef unsigned long CK_RV;
typedef struct { unsigned char major, minor; } CK_VERSION;
typedef struct {
	CK_VERSION cryptokiVersion;
	unsigned char manufacturerID[32];
	unsigned long flags;
	unsigned char libraryDescription[32];
	CK_VERSION libraryVersion;
} CK_INFO;
typedef struct {
	CK_VERSION version;
	void *fn[68]; /* C_Initialize, C_Finalize, C_GetInfo, C_GetFunctionList, ... */
} CK_FUNCTION_LIST;

static CK_RV initialize(void *args) {
	(void)args;
#if defined(MODE_SEGV)
	*(volatile int *)0 = 1;
#elif defined(MODE_ABORT)
	abort();
#elif defined(MODE_HANG)
	for (;;) pause();
#elif defined(MODE_SLOW)
	sleep(1);
#elif defined(MODE_FAIL)
	return 5; /* CKR_GENERAL_ERROR */
#endif
	return 0;
}

static CK_RV finalize(void *reserved) { (void)reserved; return 0; }

static void pad(unsigned char *dst, const char *s, size_t n) {
	memset(dst, ' ', n);
	memcpy(dst, s, strlen(s));
}

static CK_RV get_info(CK_INFO *info) {
	info->cryptokiVersion.major = 2;
	info->cryptokiVersion.minor = 40;
	pad(info->manufacturerID, "Ward Kiosk tests", 32);
	info->flags = 0;
	pad(info->libraryDescription, "test module", 32);
	info->libraryVersion.major = 1;
	info->libraryVersion.minor = 2;
	return 0;
}

/* C_GetSlotList: no slots, slowly with MODE_SLOW_SLOTS (700 ms a call). */
static CK_RV get_slot_list(unsigned char present, unsigned long *list, unsigned long *count) {
	(void)present;
	(void)list;
#if defined(MODE_SLOW_SLOTS)
	usleep(700 * 1000);
#endif
	*count = 0;
	return 0;
}

static CK_FUNCTION_LIST list = {{2, 40}, {initialize, finalize, get_info, NULL, get_slot_list}};

CK_RV C_GetFunctionList(CK_FUNCTION_LIST **out) {
#if defined(MODE_NOLIST)
	*out = NULL;
	return 0;
#else
	*out = &list;
	return 0;
#endif
}
