/* errno values (include/uapi/asm-generic/errno-base.h, errno.h numbers) for schedcheck's shim. */
#ifndef __SCHEDCHECK_ERRNO_H
#define __SCHEDCHECK_ERRNO_H
#define EPERM 1
#define ENOENT 2
#define ESRCH 3
#define EINTR 4
#define EIO 5
#define E2BIG 7
#define EAGAIN 11
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define ENODEV 19
#define EINVAL 22
#define ENOSPC 28
#define ERANGE 34
#define ENOSYS 38
#define ENODATA 61
#define EOPNOTSUPP 95
#define ETIMEDOUT 110
#endif
