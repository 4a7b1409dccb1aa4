/* SPDX-License-Identifier: MIT */
/*
 * pcpu: per-CPU FIFO queues with work stealing, in the style of the kernel's tools/sched_ext schedulers,
 * written for schedcheck's examples.
 *
 * Every CPU owns a user DSQ whose id is its CPU number. A waking task goes back to the queue of the CPU it
 * last ran on (when its affinity still allows it, else to the first CPU it may use), and that CPU is
 * kicked if it is idle: an idle CPU does not look for work on its own. A CPU whose own queue is empty
 * steals from the others, lowest id first. A BPF hash map keyed by pid remembers each task's home CPU and
 * how often it was enqueued.
 */
#include <scx/common.bpf.h>

char _license[] SEC("license") = "GPL";

const volatile u64 slice_ns = SCX_SLICE_DFL;

struct task_info {
	s32 home;
	u32 __pad;
	u64 enqueues;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8192);
	__type(key, s32);
	__type(value, struct task_info);
} task_infos SEC(".maps");

u64 nr_steals, nr_kicks, nr_missing;

UEI_DEFINE(uei);

/* The CPU whose queue p goes to: its home when allowed, else the first CPU it may run on. */
static s32 queue_cpu(struct task_struct *p, struct task_info *info)
{
	if (info && bpf_cpumask_test_cpu(info->home, p->cpus_ptr))
		return info->home;
	return bpf_cpumask_first(p->cpus_ptr);
}

s32 BPF_STRUCT_OPS(pcpu_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	s32 pid = p->pid;
	struct task_info *info = bpf_map_lookup_elem(&task_infos, &pid);

	return queue_cpu(p, info);
}

void BPF_STRUCT_OPS(pcpu_enqueue, struct task_struct *p, u64 enq_flags)
{
	s32 pid = p->pid;
	struct task_info *info = bpf_map_lookup_elem(&task_infos, &pid);
	s32 cpu = queue_cpu(p, info);

	if (info) {
		info->enqueues++;
		info->home = cpu;
	} else {
		__sync_fetch_and_add(&nr_missing, 1);
	}
	scx_bpf_dsq_insert(p, cpu, slice_ns, enq_flags);
	if (scx_bpf_test_and_clear_cpu_idle(cpu)) {
		__sync_fetch_and_add(&nr_kicks, 1);
		scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
	}
}

void BPF_STRUCT_OPS(pcpu_dispatch, s32 cpu, struct task_struct *prev)
{
	u32 nr = scx_bpf_nr_cpu_ids();
	s32 other;

	if (scx_bpf_dsq_move_to_local(cpu))
		return;
	bpf_for(other, 0, nr) {
		if (other != cpu && scx_bpf_dsq_move_to_local(other)) {
			__sync_fetch_and_add(&nr_steals, 1);
			return;
		}
	}
}

void BPF_STRUCT_OPS(pcpu_running, struct task_struct *p)
{
	s32 pid = p->pid;
	struct task_info *info = bpf_map_lookup_elem(&task_infos, &pid);

	if (info)
		info->home = scx_bpf_task_cpu(p);
}

s32 BPF_STRUCT_OPS(pcpu_init_task, struct task_struct *p, struct scx_init_task_args *args)
{
	s32 pid = p->pid;
	struct task_info info = { .home = scx_bpf_task_cpu(p) };

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
	return 0;
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
