/* UEI_* exit-info macros for schedcheck's shim: ops.exit() records why the scheduler exited, as the
 * kernel's tools/sched_ext programs do for their user-space loaders. Written for schedcheck. */
#ifndef __SCHEDCHECK_USER_EXIT_INFO_BPF_H
#define __SCHEDCHECK_USER_EXIT_INFO_BPF_H

#define UEI_REASON_LEN 128
#define UEI_MSG_LEN 1024

struct user_exit_info {
	int kind;
	s64 exit_code;
	char reason[UEI_REASON_LEN];
	char msg[UEI_MSG_LEN];
};

#define UEI_DEFINE(__name)						\
	char RESIZABLE_ARRAY(data, __name##_dump);			\
	const volatile u32 __name##_dump_len;				\
	struct user_exit_info __name SEC(".data")

#define UEI_RECORD(__uei_name, __ei) ({					\
	bpf_probe_read_kernel_str(__uei_name.reason, sizeof(__uei_name.reason), (__ei)->reason); \
	bpf_probe_read_kernel_str(__uei_name.msg, sizeof(__uei_name.msg), (__ei)->msg); \
	__uei_name.exit_code = (__ei)->exit_code;			\
	__uei_name.kind = (__ei)->kind;					\
})

#endif
