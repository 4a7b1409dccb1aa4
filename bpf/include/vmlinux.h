/* vmlinux.h for schedcheck's WebAssembly shim: the kernel types a sched_ext scheduler's BPF C reads and
 * writes, laid out for wasm32 (not the kernel's layout: programs only reach fields by name, as BPF CO-RE
 * does). Flag values are the model's (model/kernel/scxFlags.ts, renumbered to fit 32 bits; BPF programs
 * take them from BTF, so only the names matter); test/bpf/enums.test.ts keeps the two in step.
 * Written for schedcheck from the kernel's names (include/linux/sched/ext.h); no kernel code copied. */
#ifndef __SCHEDCHECK_VMLINUX_H
#define __SCHEDCHECK_VMLINUX_H

typedef signed char s8;
typedef unsigned char u8;
typedef short s16;
typedef unsigned short u16;
typedef int s32;
typedef unsigned int u32;
typedef long long s64;
typedef unsigned long long u64;
typedef s8 __s8;
typedef u8 __u8;
typedef s16 __s16;
typedef u16 __u16;
typedef s32 __s32;
typedef u32 __u32;
typedef s64 __s64;
typedef u64 __u64;
typedef u16 __be16;
typedef u32 __be32;
typedef u32 __wsum;
typedef _Bool bool;
typedef int pid_t;
typedef __SIZE_TYPE__ size_t;
typedef __PTRDIFF_TYPE__ ssize_t;
typedef __UINTPTR_TYPE__ uintptr_t;
typedef __INTPTR_TYPE__ intptr_t;
enum { false = 0, true = 1 };
#define NULL ((void *)0)

/* NR_CPUS of the shim: the model's CPUS_MAX (model/kernel/constants.ts). */
#define SCX_SHIM_CPUS_MAX 256
/* Task table slots: the model's TASKS_MAX (tasks alive at once). */
#define SCX_SHIM_TASKS_MAX 4096

struct cpumask {
	u64 bits[SCX_SHIM_CPUS_MAX / 64];
};
typedef struct cpumask cpumask_t;

/* The kptr cpumask of bpf_cpumask_create(): a cpumask plus a reference count. */
struct bpf_cpumask {
	struct cpumask cpumask;
	u32 usage;
	u32 in_use;
};

struct sched_ext_entity {
	u64 slice;		/* p->scx.slice: writable, like in BPF */
	u64 dsq_vtime;		/* p->scx.dsq_vtime: writable */
	u32 weight;		/* 1..10000, 100 = nice 0 */
	u32 flags;		/* SCX_TASK_* */
	s32 sticky_cpu;
	s32 holding_cpu;
	u64 runnable_at;
	u64 core_sched_at;
	u64 ddsp_dsq_id;
	u64 ddsp_enq_flags;
	u32 kf_mask;
	u32 disallow;
};

struct task_struct {
	s32 pid;
	s32 tgid;
	u32 flags;		/* PF_* */
	s32 prio;
	s32 static_prio;
	s32 normal_prio;
	u32 rt_priority;
	u32 policy;
	s32 nr_cpus_allowed;
	const struct cpumask *cpus_ptr;
	u16 migration_disabled;
	u16 __pad0;
	u32 __schedcheck_slot;	/* index into the per-run task table */
	char comm[16];
	struct sched_ext_entity scx;
	struct cpumask cpus_mask;
};

/* p->flags (include/linux/sched.h): the ones the model sets (model/kernel/taskFlags.ts). */
#define PF_KCOMPACTD	0x00010000
#define PF_KSWAPD	0x00020000
#define PF_KTHREAD	0x00200000
#define PF_EXITING	0x00000004
#define PF_IDLE		0x00000002
#define PF_WQ_WORKER	0x00000020

#define SCHED_NORMAL	0
#define SCHED_FIFO	1
#define SCHED_RR	2
#define SCHED_BATCH	3
#define SCHED_IDLE	5
#define SCHED_EXT	7

#define TASK_COMM_LEN	16
#define MAX_NICE	19
#define MIN_NICE	-20
#define CLOCK_MONOTONIC	1
#define CLOCK_BOOTTIME	7

/* DSQ ids with the kernel's bit layout (bit 63 built-in, bit 62 LOCAL_ON); the shim converts them to the
 * model's encoding (model/kernel/dsqId.ts) at the call. */
enum scx_dsq_id_flags {
	SCX_DSQ_FLAG_BUILTIN	= 1LLU << 63,
	SCX_DSQ_FLAG_LOCAL_ON	= 1LLU << 62,
	SCX_DSQ_INVALID		= SCX_DSQ_FLAG_BUILTIN | 0,
	SCX_DSQ_GLOBAL		= SCX_DSQ_FLAG_BUILTIN | 1,
	SCX_DSQ_LOCAL		= SCX_DSQ_FLAG_BUILTIN | 2,
	SCX_DSQ_BYPASS		= SCX_DSQ_FLAG_BUILTIN | 3,
	SCX_DSQ_LOCAL_ON	= SCX_DSQ_FLAG_BUILTIN | SCX_DSQ_FLAG_LOCAL_ON,
	SCX_DSQ_LOCAL_CPU_MASK	= 0xffffffffLLU,
};

enum scx_public_consts {
	SCX_OPS_NAME_LEN	= 128,
	SCX_SLICE_DFL		= 20 * 1000000,
	SCX_SLICE_INF		= ~0ULL,
};

/* Model values (model/kernel/scxFlags.ts). */
enum scx_enq_flags {
	SCX_ENQ_WAKEUP		= 1 << 0,
	SCX_ENQ_HEAD		= 1 << 1,
	SCX_ENQ_CPU_SELECTED	= 1 << 2,
	SCX_ENQ_PREEMPT		= 1 << 3,
	SCX_ENQ_REENQ		= 1 << 4,
	SCX_ENQ_LAST		= 1 << 5,
};

enum scx_deq_flags {
	SCX_DEQ_SLEEP		= 1 << 0,
	SCX_DEQ_CORE_SCHED_EXEC	= 1 << 1,
	SCX_DEQ_SCHED_CHANGE	= 1 << 2,
};

enum scx_wake_flags {
	SCX_WAKE_FORK		= 1 << 0,
	SCX_WAKE_TTWU		= 1 << 1,
	SCX_WAKE_SYNC		= 1 << 2,
};

enum scx_kick_flags {
	SCX_KICK_IDLE		= 1 << 0,
	SCX_KICK_PREEMPT	= 1 << 1,
	SCX_KICK_WAIT		= 1 << 2,
};

enum scx_ops_flags {
	SCX_OPS_KEEP_BUILTIN_IDLE	= 1 << 0,
	SCX_OPS_ENQ_LAST		= 1 << 1,
	SCX_OPS_ENQ_EXITING		= 1 << 2,
	SCX_OPS_SWITCH_PARTIAL		= 1 << 3,
	SCX_OPS_ENQ_MIGRATION_DISABLED	= 1 << 4,
	SCX_OPS_ALLOW_QUEUED_WAKEUP	= 1 << 5,
	SCX_OPS_BUILTIN_IDLE_PER_NODE	= 1 << 6,
};

enum scx_pick_idle_cpu_flags {
	SCX_PICK_IDLE_CORE	= 1 << 0,
	SCX_PICK_IDLE_IN_NODE	= 1 << 1,
};

enum scx_ent_flags {
	SCX_TASK_QUEUED		= 1 << 0,
};

enum scx_exit_kind {
	SCX_EXIT_NONE		= 0,
	SCX_EXIT_DONE		= 1,
	SCX_EXIT_UNREG		= 64,
	SCX_EXIT_UNREG_BPF	= 65,
	SCX_EXIT_UNREG_KERN	= 66,
	SCX_EXIT_SYSRQ		= 67,
	SCX_EXIT_ERROR		= 1024,
	SCX_EXIT_ERROR_BPF	= 1025,
	SCX_EXIT_ERROR_STALL	= 1026,
};

enum scx_exit_code {
	SCX_ECODE_RSN_HOTPLUG	= 1LLU << 32,
	SCX_ECODE_ACT_RESTART	= 1LLU << 48,
};

struct scx_exit_info {
	enum scx_exit_kind kind;
	s64 exit_code;
	const char *reason;
	unsigned long *bt;
	u32 bt_len;
	char *msg;
	char *dump;
};

struct scx_init_task_args {
	bool fork;
	struct cgroup *cgroup;
};

struct scx_exit_task_args {
	bool cancelled;
};

enum scx_cpu_preempt_reason {
	SCX_CPU_PREEMPT_RT,
	SCX_CPU_PREEMPT_DL,
	SCX_CPU_PREEMPT_STOP,
	SCX_CPU_PREEMPT_UNKNOWN,
};

struct scx_cpu_acquire_args {
	int __unused;
};

struct scx_cpu_release_args {
	enum scx_cpu_preempt_reason reason;
	struct task_struct *task;
};

/* struct sched_ext_ops: callbacks as untyped pointers (sources assign them with `(void *)fn`); the shim's
 * trampolines call each with the kernel's signature. */
struct sched_ext_ops {
	void *select_cpu;
	void *enqueue;
	void *dequeue;
	void *dispatch;
	void *tick;
	void *runnable;
	void *running;
	void *stopping;
	void *quiescent;
	void *yield;
	void *core_sched_before;
	void *set_weight;
	void *set_cpumask;
	void *update_idle;
	void *cpu_acquire;
	void *cpu_release;
	void *init_task;
	void *exit_task;
	void *enable;
	void *disable;
	void *dump;
	void *dump_cpu;
	void *dump_task;
	void *cgroup_init;
	void *cgroup_exit;
	void *cgroup_prep_move;
	void *cgroup_move;
	void *cgroup_cancel_move;
	void *cgroup_set_weight;
	void *cgroup_set_bandwidth;
	void *cpu_online;
	void *cpu_offline;
	void *init;
	void *exit;
	u32 dispatch_max_batch;
	u64 flags;
	u32 timeout_ms;
	u32 exit_dump_len;
	u64 hotplug_seq;
	char name[SCX_OPS_NAME_LEN];
};

/* BPF timers: a shim record, 16 bytes like the kernel's opaque struct bpf_timer. */
struct bpf_timer {
	u32 callback;	/* function table index */
	void *map;
	u32 key;
	u32 flags;
};

struct bpf_spin_lock {
	u32 val;
};

struct cgroup;
struct scx_dump_ctx;

#endif /* __SCHEDCHECK_VMLINUX_H */
