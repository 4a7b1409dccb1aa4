/* <asm-generic/errno.h> for schedcheck's shim. */
#include "../errno.h"
