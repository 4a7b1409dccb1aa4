/* SPDX-License-Identifier: MIT */
/*
 * relay: central dispatching in the style of the kernel's tools/sched_ext scx_central, written for
 * schedcheck's examples.
 *
 * One CPU (central_cpu) makes every placement decision. Ready tasks are queued by pid in a BPF queue map.
 * A CPU that runs out of work raises its hand in the `wants` array map and kicks the central CPU, whose
 * dispatch hands each waiting CPU the oldest task that may run there (SCX_DSQ_LOCAL_ON | cpu, then an
 * idle kick), bouncing a task that may not run there to OVERFLOW_DSQ, which every CPU consumes first
 * (the idle CPUs that may run it are kicked).
 * Per-CPU kernel threads skip the queue. Slices are finite, so ticks preempt; a periodic BPF timer kicks
 * the central CPU while hands are raised and tasks wait, in case a kick was missed. Task storage counts
 * how often each task was handed out.
 */
#include <scx/common.bpf.h>

char _license[] SEC("license") = "GPL";

enum {
	OVERFLOW_DSQ	= 0,
	QUEUE_MAX	= 4096,
	TICK_NS		= 1000 * 1000,
};

const volatile s32 central_cpu;
const volatile u64 slice_ns = SCX_SLICE_DFL;

u64 nr_handed, nr_passed, nr_overflow, nr_stale, nr_rescues;
static u64 nr_waiting;

UEI_DEFINE(uei);

struct {
	__uint(type, BPF_MAP_TYPE_QUEUE);
	__uint(max_entries, QUEUE_MAX);
	__type(value, s32);
} ready_q SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SCX_SHIM_CPUS_MAX);
	__type(key, u32);
	__type(value, u8);
} wants SEC(".maps");

struct relay_stats {
	u64 handed_out;
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct relay_stats);
} task_stats SEC(".maps");

struct rescue_timer {
	struct bpf_timer timer;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct rescue_timer);
} rescue SEC(".maps");

static u8 *want_of(s32 cpu)
{
	u32 key = cpu;

	return bpf_map_lookup_elem(&wants, &key);
}

s32 BPF_STRUCT_OPS(relay_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	/* Only a hint: the kernel falls back when p may not run there. */
	return central_cpu;
}

void BPF_STRUCT_OPS(relay_enqueue, struct task_struct *p, u64 enq_flags)
{
	s32 pid = p->pid;

	if ((p->flags & PF_KTHREAD) && p->nr_cpus_allowed == 1) {
		scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, slice_ns, enq_flags | SCX_ENQ_PREEMPT);
		return;
	}
	if (bpf_map_push_elem(&ready_q, &pid, 0)) {
		nr_overflow++;
		scx_bpf_dsq_insert(p, OVERFLOW_DSQ, slice_ns, enq_flags);
		return;
	}
	nr_waiting++;
	/*
	 * The last task of a CPU going idle (SCX_OPS_ENQ_LAST): that CPU's dispatch has already run, so kick
	 * it to come back for work. Otherwise make the central CPU dispatch, unless p is the central CPU's
	 * own running task being requeued (its dispatch comes next anyway).
	 */
	if (enq_flags & SCX_ENQ_LAST)
		scx_bpf_kick_cpu(scx_bpf_task_cpu(p), 0);
	else if (!scx_bpf_task_running(p))
		scx_bpf_kick_cpu(central_cpu, SCX_KICK_PREEMPT);
}

/*
 * Hands @cpu the oldest queued task that may run there; false when none may. Tasks that may not run on
 * @cpu go back to the tail of the queue, so one pass looks at each waiting task once.
 */
static bool hand_out(s32 cpu)
{
	u64 left = nr_waiting;
	struct task_struct *p;
	struct relay_stats *st;
	s32 pid;

	bpf_repeat(QUEUE_MAX) {
		if (!left-- || bpf_map_pop_elem(&ready_q, &pid))
			return false;
		p = bpf_task_from_pid(pid);
		if (!p) {
			nr_waiting--;
			nr_stale++;
			continue;
		}
		if (!bpf_cpumask_test_cpu(cpu, p->cpus_ptr)) {
			nr_passed++;
			if (bpf_map_push_elem(&ready_q, &pid, 0)) {
				nr_waiting--;
				scx_bpf_dsq_insert(p, OVERFLOW_DSQ, slice_ns, 0);
			}
			bpf_task_release(p);
			continue;
		}
		nr_waiting--;
		st = bpf_task_storage_get(&task_stats, p, NULL, BPF_LOCAL_STORAGE_GET_F_CREATE);
		if (st)
			st->handed_out++;
		nr_handed++;
		scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL_ON | cpu, slice_ns, 0);
		if (cpu != central_cpu)
			scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
		bpf_task_release(p);
		return true;
	}
	return false;
}

void BPF_STRUCT_OPS(relay_dispatch, s32 cpu, struct task_struct *prev)
{
	u32 nr = scx_bpf_nr_cpu_ids();
	s32 other;
	u8 *want;

	if (scx_bpf_dsq_move_to_local(OVERFLOW_DSQ))
		return;
	if (cpu != central_cpu) {
		want = want_of(cpu);
		if (want)
			*want = 1;
		scx_bpf_kick_cpu(central_cpu, SCX_KICK_PREEMPT);
		return;
	}
	bpf_for(other, 0, nr) {
		if (!scx_bpf_dispatch_nr_slots())
			break;
		want = want_of(other);
		if (other == central_cpu || !want || !*want)
			continue;
		if (hand_out(other))
			*want = 0;
	}
	if (!scx_bpf_dispatch_nr_slots()) {
		/* Out of dispatch slots: come back for ourselves. */
		scx_bpf_kick_cpu(central_cpu, SCX_KICK_PREEMPT);
		return;
	}
	hand_out(central_cpu);
}

static int rescue_fn(void *map, int *key, struct bpf_timer *timer)
{
	u32 nr = scx_bpf_nr_cpu_ids();
	s32 cpu;
	u8 *want;

	if (nr_waiting) {
		bpf_for(cpu, 0, nr) {
			want = want_of(cpu);
			if (want && *want) {
				nr_rescues++;
				scx_bpf_kick_cpu(central_cpu, SCX_KICK_PREEMPT);
				break;
			}
		}
	}
	bpf_timer_start(timer, TICK_NS, 0);
	return 0;
}

s32 BPF_STRUCT_OPS_SLEEPABLE(relay_init)
{
	u32 key = 0;
	struct bpf_timer *timer;
	s32 ret;

	if (central_cpu < 0 || central_cpu >= scx_bpf_nr_cpu_ids())
		return -EINVAL;
	ret = scx_bpf_create_dsq(OVERFLOW_DSQ, -1);
	if (ret)
		return ret;
	timer = bpf_map_lookup_elem(&rescue, &key);
	if (!timer)
		return -ESRCH;
	bpf_timer_init(timer, &rescue, CLOCK_MONOTONIC);
	bpf_timer_set_callback(timer, rescue_fn);
	return bpf_timer_start(timer, TICK_NS, 0);
}

void BPF_STRUCT_OPS(relay_exit, struct scx_exit_info *ei)
{
	UEI_RECORD(uei, ei);
}

SCX_OPS_DEFINE(relay_ops,
	       /* Decisions are central: the last task of a CPU is queued like any other. */
	       .flags		= SCX_OPS_ENQ_LAST,
	       .select_cpu	= (void *)relay_select_cpu,
	       .enqueue		= (void *)relay_enqueue,
	       .dispatch	= (void *)relay_dispatch,
	       .init		= (void *)relay_init,
	       .exit		= (void *)relay_exit,
	       .name		= "relay");
