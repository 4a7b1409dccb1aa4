/* SPDX-License-Identifier: MIT */
/*
 * pcpu: per-CPU DSQs plus a shared one, in the style of the kernel's tools/sched_ext schedulers, written
 * for schedcheck's examples.
 *
 * Every CPU owns a user DSQ whose id is its CPU number. A ready task goes to the DSQ of an idle CPU it may
 * use, claimed with scx_bpf_pick_idle_cpu() and then kicked: an idle CPU does not look for work on its
 * own. When no CPU is idle the task waits on SHARED_DSQ, which every CPU consumes after its own DSQ.
 * Wake-ups prefer the CPU the task last ran on. A BPF hash map keyed by pid keeps each task's last CPU
 * and how often it was enqueued; init_task creates the entry and exit_task deletes it.
 */
#include <scx/common.bpf.h>

char _license[] SEC("license") = "GPL";

const volatile u64 slice_ns = SCX_SLICE_DFL;

/* Per-CPU DSQs use ids 0 .. nr_cpu_ids-1; the shared one sits above every possible CPU. */
#define SHARED_DSQ 1024

struct task_info {
	s32 last_cpu;
	u32 __pad;
	u64 enqueues;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8192);
	__type(key, s32);
	__type(value, struct task_info);
} task_infos SEC(".maps");

u64 nr_direct, nr_shared, nr_missing;

UEI_DEFINE(uei);

s32 BPF_STRUCT_OPS(pcpu_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	s32 pid = p->pid;
	struct task_info *info = bpf_map_lookup_elem(&task_infos, &pid);

	if (info && bpf_cpumask_test_cpu(info->last_cpu, p->cpus_ptr))
		return info->last_cpu;
	return prev_cpu;
}

void BPF_STRUCT_OPS(pcpu_enqueue, struct task_struct *p, u64 enq_flags)
{
	s32 pid = p->pid;
	struct task_info *info = bpf_map_lookup_elem(&task_infos, &pid);
	s32 cpu;

	if (info)
		info->enqueues++;
	else
		__sync_fetch_and_add(&nr_missing, 1);

	cpu = scx_bpf_pick_idle_cpu(p->cpus_ptr, 0);
	if (cpu >= 0) {
		__sync_fetch_and_add(&nr_direct, 1);
		scx_bpf_dsq_insert(p, cpu, slice_ns, enq_flags);
		scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
		return;
	}
	__sync_fetch_and_add(&nr_shared, 1);
	scx_bpf_dsq_insert(p, SHARED_DSQ, slice_ns, enq_flags);
}

void BPF_STRUCT_OPS(pcpu_dispatch, s32 cpu, struct task_struct *prev)
{
	if (!scx_bpf_dsq_move_to_local(cpu))
		scx_bpf_dsq_move_to_local(SHARED_DSQ);
}

void BPF_STRUCT_OPS(pcpu_running, struct task_struct *p)
{
	s32 pid = p->pid;
	struct task_info *info = bpf_map_lookup_elem(&task_infos, &pid);

	if (info)
		info->last_cpu = scx_bpf_task_cpu(p);
}

s32 BPF_STRUCT_OPS(pcpu_init_task, struct task_struct *p, struct scx_init_task_args *args)
{
	s32 pid = p->pid;
	struct task_info info = { .last_cpu = scx_bpf_task_cpu(p) };

	return bpf_map_update_elem(&task_infos, &pid, &info, BPF_NOEXIST) ? -ENOMEM : 0;
}

void BPF_STRUCT_OPS(pcpu_exit_task, struct task_struct *p, struct scx_exit_task_args *args)
{
	s32 pid = p->pid;

	bpf_map_delete_elem(&task_infos, &pid);
}

s32 BPF_STRUCT_OPS_SLEEPABLE(pcpu_init)
{
	u32 nr = scx_bpf_nr_cpu_ids();
	s32 cpu, ret;

	bpf_for(cpu, 0, nr) {
		ret = scx_bpf_create_dsq(cpu, -1);
		if (ret)
			return ret;
	}
	return scx_bpf_create_dsq(SHARED_DSQ, -1);
}

void BPF_STRUCT_OPS(pcpu_exit, struct scx_exit_info *ei)
{
	UEI_RECORD(uei, ei);
}

SCX_OPS_DEFINE(pcpu_ops,
	       .select_cpu	= (void *)pcpu_select_cpu,
	       .enqueue		= (void *)pcpu_enqueue,
	       .dispatch	= (void *)pcpu_dispatch,
	       .running		= (void *)pcpu_running,
	       .init_task	= (void *)pcpu_init_task,
	       .exit_task	= (void *)pcpu_exit_task,
	       .init		= (void *)pcpu_init,
	       .exit		= (void *)pcpu_exit,
	       .name		= "pcpu");
