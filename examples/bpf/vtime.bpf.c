/* SPDX-License-Identifier: MIT */
/*
 * vtime: a global weighted-vtime (or FIFO) scheduler in the style of the kernel's tools/sched_ext
 * scx_simple, written for schedcheck's examples.
 *
 * Wake-ups go through the built-in idle selection; a wake-up that found an idle CPU goes straight to
 * that CPU's local DSQ. Everything else waits on one shared user DSQ, ordered by weighted virtual time
 * (or in arrival order with `--opt fifo_mode=true`). A sleeper's vtime is clamped to at most one slice
 * behind the global clock, so sleeping banks no more than one slice of credit.
 */
#include <scx/common.bpf.h>

char _license[] SEC("license") = "GPL";

const volatile bool fifo_mode;

#define QUEUE_DSQ 0

/* The vtime of the most recent task to start running: the global virtual clock. */
static u64 global_vtime;

UEI_DEFINE(uei);

/* Counters: [0] wake-ups sent straight to an idle CPU, [1] enqueues onto QUEUE_DSQ. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2);
	__type(key, u32);
	__type(value, u64);
} counters SEC(".maps");

static void count(u32 which)
{
	u64 *slot = bpf_map_lookup_elem(&counters, &which);

	if (slot)
		*slot += 1;
}

static inline bool before(u64 a, u64 b)
{
	return (s64)(a - b) < 0;
}

s32 BPF_STRUCT_OPS(vtime_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	bool idle = false;
	s32 cpu = scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, &idle);

	if (idle) {
		count(0);
		scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, 0);
	}
	return cpu;
}

void BPF_STRUCT_OPS(vtime_enqueue, struct task_struct *p, u64 enq_flags)
{
	u64 floor = global_vtime - SCX_SLICE_DFL;
	u64 v = p->scx.dsq_vtime;

	count(1);
	if (fifo_mode) {
		scx_bpf_dsq_insert(p, QUEUE_DSQ, SCX_SLICE_DFL, enq_flags);
		return;
	}
	if (before(v, floor))
		v = floor;
	scx_bpf_dsq_insert_vtime(p, QUEUE_DSQ, SCX_SLICE_DFL, v, enq_flags);
}

void BPF_STRUCT_OPS(vtime_dispatch, s32 cpu, struct task_struct *prev)
{
	scx_bpf_dsq_move_to_local(QUEUE_DSQ);
}

void BPF_STRUCT_OPS(vtime_running, struct task_struct *p)
{
	if (!fifo_mode && before(global_vtime, p->scx.dsq_vtime))
		global_vtime = p->scx.dsq_vtime;
}

void BPF_STRUCT_OPS(vtime_stopping, struct task_struct *p, bool runnable)
{
	u64 used;

	if (fifo_mode)
		return;
	/* The slice left says how much was used; a yield zeroes it and is charged a whole slice. */
	used = SCX_SLICE_DFL - p->scx.slice;
	p->scx.dsq_vtime += used * 100 / p->scx.weight;
}

void BPF_STRUCT_OPS(vtime_enable, struct task_struct *p)
{
	p->scx.dsq_vtime = global_vtime;
}

s32 BPF_STRUCT_OPS_SLEEPABLE(vtime_init)
{
	return scx_bpf_create_dsq(QUEUE_DSQ, -1);
}

void BPF_STRUCT_OPS(vtime_exit, struct scx_exit_info *ei)
{
	UEI_RECORD(uei, ei);
}

SCX_OPS_DEFINE(vtime_ops,
	       .select_cpu	= (void *)vtime_select_cpu,
	       .enqueue		= (void *)vtime_enqueue,
	       .dispatch	= (void *)vtime_dispatch,
	       .running		= (void *)vtime_running,
	       .stopping	= (void *)vtime_stopping,
	       .enable		= (void *)vtime_enable,
	       .init		= (void *)vtime_init,
	       .exit		= (void *)vtime_exit,
	       .name		= "vtime");
