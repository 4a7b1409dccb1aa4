/* schedcheck's BPF runtime for WebAssembly: what the kernel and libbpf provide to a sched_ext program,
 * built into the program itself (one translation unit). The host (bpf/loader.ts) supplies the kfuncs as
 * WebAssembly imports of module "schedcheck", bound to the model's kfunc context, and calls the ops through
 * the exported __scx_op_* trampolines. Maps (array, per-CPU array, hash, queue/stack, task storage), the
 * task table, cpumask kptrs, timers, the error-message formatter and the loop budget live here.
 *
 * Boundary conventions: u64 values cross as doubles (exact below 2^53; SCX_SLICE_INF ↔ the model's
 * sentinel); DSQ ids are converted to the model's encoding (model/kernel/dsqId.ts); tasks cross as
 * pointers into the per-run task table (__scx_tasks), which the host keeps in sync with the model. */
#ifndef __SCHEDCHECK_RT_BPF_H
#define __SCHEDCHECK_RT_BPF_H

#define __SCX_IMPORT(name) __attribute__((import_module("schedcheck"), import_name(name)))
#define __SCX_EXPORT(name) __attribute__((export_name(name)))
#define __SCX_UNSUPPORTED_FN(what) \
	__attribute__((unavailable("not supported by schedcheck's WebAssembly shim (" what "); see bpf/README.md")))

/* ---- host imports ------------------------------------------------------------------------------ */
__SCX_IMPORT("now_ns") double __scx_h_now_ns(void);
__SCX_IMPORT("nr_cpu_ids") u32 __scx_h_nr_cpu_ids(void);
__SCX_IMPORT("dsq_insert") void __scx_h_dsq_insert(struct task_struct *p, double dsq, double slice, double vtime,
						     double enq_flags, u32 priq);
__SCX_IMPORT("dsq_move_to_local") u32 __scx_h_dsq_move_to_local(double dsq);
__SCX_IMPORT("create_dsq") s32 __scx_h_create_dsq(double dsq, s32 node);
__SCX_IMPORT("destroy_dsq") void __scx_h_destroy_dsq(double dsq);
__SCX_IMPORT("dsq_nr_queued") s32 __scx_h_dsq_nr_queued(double dsq);
__SCX_IMPORT("kick_cpu") void __scx_h_kick_cpu(s32 cpu, double flags);
__SCX_IMPORT("select_cpu_dfl") double __scx_h_select_cpu_dfl(struct task_struct *p, s32 prev_cpu, double wake_flags);
__SCX_IMPORT("test_and_clear_cpu_idle") u32 __scx_h_test_and_clear_cpu_idle(s32 cpu);
__SCX_IMPORT("pick_idle_cpu") s32 __scx_h_pick_idle_cpu(const struct cpumask *mask, double flags);
__SCX_IMPORT("task_set_slice") void __scx_h_task_set_slice(struct task_struct *p, double slice);
__SCX_IMPORT("task_set_dsq_vtime") void __scx_h_task_set_dsq_vtime(struct task_struct *p, double vtime);
__SCX_IMPORT("task_cpu") s32 __scx_h_task_cpu(const struct task_struct *p);
__SCX_IMPORT("task_running") u32 __scx_h_task_running(const struct task_struct *p);
__SCX_IMPORT("task_from_pid") struct task_struct *__scx_h_task_from_pid(s32 pid);
__SCX_IMPORT("dispatch_nr_slots") u32 __scx_h_dispatch_nr_slots(void);
__SCX_IMPORT("dispatch_cancel") void __scx_h_dispatch_cancel(void);
__SCX_IMPORT("reenqueue_local") u32 __scx_h_reenqueue_local(void);
__SCX_IMPORT("error") void __scx_h_error(const char *msg, u32 len);
__SCX_IMPORT("exit") void __scx_h_exit(double code_hi, double code_lo, const char *msg, u32 len);
__SCX_IMPORT("timer_start") s32 __scx_h_timer_start(struct bpf_timer *timer, double delay_ns);
__SCX_IMPORT("timer_cancel") s32 __scx_h_timer_cancel(struct bpf_timer *timer);
__SCX_IMPORT("online_cpus") void __scx_h_online_cpus(struct cpumask *out);
__SCX_IMPORT("loop_budget_exhausted") void __scx_h_loop_budget_exhausted(void);

/* ---- state the host reads and writes ------------------------------------------------------------- */
/* The CPU the current callback runs on (bpf_get_smp_processor_id), set by the host per callback. */
s32 __scx_cur_cpu;
/* Loop iterations left in this callback (bpf_for, bpf_repeat and every for/while loop count one). */
s32 __scx_loop_left;
struct task_struct __scx_tasks[SCX_SHIM_TASKS_MAX];
struct scx_exit_info __scx_exit_info;
char __scx_exit_reason[128];
char __scx_exit_msg[1024];
struct scx_init_task_args __scx_init_task_args;
struct scx_exit_task_args __scx_exit_task_args;
struct scx_cpu_release_args __scx_cpu_release_args;
struct scx_cpu_acquire_args __scx_cpu_acquire_args;
struct cpumask __scx_arg_cpumask;
static struct sched_ext_ops *__scx_ops;

/* Offsets the host needs (bpf/layout.ts reads them once per module). */
__SCX_EXPORT("__scx_layout") u32 __scx_layout(u32 i)
{
	switch (i) {
	case 0: return (u32)(uintptr_t)__scx_tasks;
	case 1: return sizeof(struct task_struct);
	case 2: return offsetof(struct task_struct, pid);
	case 3: return offsetof(struct task_struct, flags);
	case 4: return offsetof(struct task_struct, nr_cpus_allowed);
	case 5: return offsetof(struct task_struct, cpus_ptr);
	case 6: return offsetof(struct task_struct, comm);
	case 7: return offsetof(struct task_struct, scx) + offsetof(struct sched_ext_entity, slice);
	case 8: return offsetof(struct task_struct, scx) + offsetof(struct sched_ext_entity, dsq_vtime);
	case 9: return offsetof(struct task_struct, scx) + offsetof(struct sched_ext_entity, weight);
	case 10: return offsetof(struct task_struct, cpus_mask);
	case 11: return offsetof(struct task_struct, migration_disabled);
	case 12: return offsetof(struct task_struct, __schedcheck_slot);
	case 13: return offsetof(struct task_struct, prio);
	case 14: return offsetof(struct task_struct, policy);
	case 15: return (u32)(uintptr_t)&__scx_cur_cpu;
	case 16: return (u32)(uintptr_t)&__scx_loop_left;
	case 17: return (u32)(uintptr_t)&__scx_exit_info;
	case 18: return (u32)(uintptr_t)__scx_exit_reason;
	case 19: return (u32)(uintptr_t)__scx_exit_msg;
	case 20: return (u32)(uintptr_t)&__scx_arg_cpumask;
	case 21: return offsetof(struct task_struct, tgid);
	case 22: return offsetof(struct task_struct, static_prio);
	case 23: return offsetof(struct task_struct, scx) + offsetof(struct sched_ext_entity, flags);
	default: return 0xffffffffu;
	}
}

/* ---- memory ------------------------------------------------------------------------------------- */
extern unsigned char __heap_base;
static u32 __scx_brk;

/* Bump allocation from the heap; memory is fresh (zeroed) per run because the host re-instantiates. */
static void *__scx_alloc(u32 size)
{
	u32 p, end, have;

	if (!__scx_brk)
		__scx_brk = (u32)(uintptr_t)&__heap_base;
	size = (size + 7u) & ~7u;
	p = (__scx_brk + 7u) & ~7u;
	end = p + size;
	have = (u32)__builtin_wasm_memory_size(0) * 65536u;
	if (end > have && __builtin_wasm_memory_grow(0, (end - have + 65535u) / 65536u) == (size_t)-1)
		return NULL;
	__scx_brk = end;
	return (void *)(uintptr_t)p;
}

void *memcpy(void *dst, const void *src, size_t n) { __builtin_memcpy(dst, src, n); return dst; }
void *memmove(void *dst, const void *src, size_t n) { __builtin_memmove(dst, src, n); return dst; }
void *memset(void *dst, int c, size_t n) { __builtin_memset(dst, c, n); return dst; }
static inline int __scx_memcmp(const void *a, const void *b, u32 n)
{
	const u8 *x = a, *y = b;
	u32 i;

	for (i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	return 0;
}
int memcmp(const void *a, const void *b, size_t n) { return __scx_memcmp(a, b, n); }

/* ---- u64 and DSQ ids across the boundary ---------------------------------------------------------- */
static inline double __scx_u64(u64 v)
{
	return v == ~0ULL ? 9007199254740991.0 : (double)v;
}

static inline double __scx_dsq(u64 id)
{
	if (id & SCX_DSQ_FLAG_BUILTIN) {
		if (id & SCX_DSQ_FLAG_LOCAL_ON)
			return 8589934592.0 + (double)(id & SCX_DSQ_LOCAL_CPU_MASK);
		return 4294967296.0 + (double)(id & ~(u64)SCX_DSQ_FLAG_BUILTIN);
	}
	return (double)id;
}

/* ---- message formatting (scx_bpf_error / scx_bpf_exit): printf over u64 arguments, as bstr does ---- */
static u32 __scx_put(char *buf, u32 at, u32 cap, char c)
{
	if (at + 1 < cap)
		buf[at] = c;
	return at + 1;
}

static u32 __scx_put_num(char *buf, u32 at, u32 cap, u64 v, u32 base, bool neg, bool upper, u32 width, char pad)
{
	char tmp[24];
	u32 n = 0;
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v && n < sizeof(tmp));
	if (neg)
		tmp[n++] = '-';
	while (n < width && width < 64) {
		at = __scx_put(buf, at, cap, pad);
		width--;
	}
	while (n)
		at = __scx_put(buf, at, cap, tmp[--n]);
	return at;
}

static u32 __scx_format(char *buf, u32 cap, const char *fmt, const u64 *args, u32 nargs)
{
	u32 at = 0, ai = 0;

	for (; *fmt; fmt++) {
		u32 width = 0, longs = 0;
		char pad = ' ';
		u64 v;

		if (*fmt != '%') {
			at = __scx_put(buf, at, cap, *fmt);
			continue;
		}
		fmt++;
		if (*fmt == '%') {
			at = __scx_put(buf, at, cap, '%');
			continue;
		}
		while (*fmt == '-' || *fmt == '+' || *fmt == ' ' || *fmt == '#' || *fmt == '0') {
			if (*fmt == '0')
				pad = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (u32)(*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'h' || *fmt == 'z') {
			if (*fmt == 'l')
				longs++;
			fmt++;
		}
		if (!*fmt)
			break;
		v = ai < nargs ? args[ai] : 0;
		ai++;
		switch (*fmt) {
		case 'd':
		case 'i': {
			s64 s = longs ? (s64)v : (s64)(s32)v;
			at = __scx_put_num(buf, at, cap, s < 0 ? (u64)-s : (u64)s, 10, s < 0, false, width, pad);
			break;
		}
		case 'u':
			at = __scx_put_num(buf, at, cap, longs ? v : (u32)v, 10, false, false, width, pad);
			break;
		case 'x':
		case 'X':
			at = __scx_put_num(buf, at, cap, longs ? v : (u32)v, 16, false, *fmt == 'X', width, pad);
			break;
		case 'p':
			at = __scx_put(buf, at, cap, '0');
			at = __scx_put(buf, at, cap, 'x');
			at = __scx_put_num(buf, at, cap, v, 16, false, false, width, pad);
			break;
		case 'c':
			at = __scx_put(buf, at, cap, (char)v);
			break;
		case 's': {
			const char *s = (const char *)(uintptr_t)v;
			u32 i;

			if (!s)
				s = "(null)";
			for (i = 0; s[i] && i < cap; i++)
				at = __scx_put(buf, at, cap, s[i]);
			break;
		}
		default:
			at = __scx_put(buf, at, cap, '%');
			at = __scx_put(buf, at, cap, *fmt);
		}
	}
	if (cap)
		buf[at < cap ? at : cap - 1] = '\0';
	return at < cap ? at : cap - 1;
}

/* Arguments packed as u64 like the kernel's ___bpf_fill (pointers and integers alike). */
#define __SCX_NARGS(...) __SCX_NARGS_(0, ##__VA_ARGS__, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define __SCX_NARGS_(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, N, ...) N
#define __SCX_CAT(a, b) __SCX_CAT_(a, b)
#define __SCX_CAT_(a, b) a##b
#define __SCX_U64_0()
#define __SCX_U64_1(a) (u64)(a)
#define __SCX_U64_2(a, ...) (u64)(a), __SCX_U64_1(__VA_ARGS__)
#define __SCX_U64_3(a, ...) (u64)(a), __SCX_U64_2(__VA_ARGS__)
#define __SCX_U64_4(a, ...) (u64)(a), __SCX_U64_3(__VA_ARGS__)
#define __SCX_U64_5(a, ...) (u64)(a), __SCX_U64_4(__VA_ARGS__)
#define __SCX_U64_6(a, ...) (u64)(a), __SCX_U64_5(__VA_ARGS__)
#define __SCX_U64_7(a, ...) (u64)(a), __SCX_U64_6(__VA_ARGS__)
#define __SCX_U64_8(a, ...) (u64)(a), __SCX_U64_7(__VA_ARGS__)
#define __SCX_U64_9(a, ...) (u64)(a), __SCX_U64_8(__VA_ARGS__)
#define __SCX_U64_10(a, ...) (u64)(a), __SCX_U64_9(__VA_ARGS__)
#define __SCX_U64_11(a, ...) (u64)(a), __SCX_U64_10(__VA_ARGS__)
#define __SCX_U64_12(a, ...) (u64)(a), __SCX_U64_11(__VA_ARGS__)
#define __SCX_PACK(...) { 0, __SCX_CAT(__SCX_U64_, __SCX_NARGS(__VA_ARGS__))(__VA_ARGS__) }

static char __scx_msg_buf[1024];

static void __scx_error_packed(const char *fmt, const u64 *args, u32 nargs)
{
	u32 len = __scx_format(__scx_msg_buf, sizeof(__scx_msg_buf), fmt, args, nargs);

	__scx_h_error(__scx_msg_buf, len);
}

static void __scx_exit_packed(s64 code, const char *fmt, const u64 *args, u32 nargs)
{
	u32 len = __scx_format(__scx_msg_buf, sizeof(__scx_msg_buf), fmt, args, nargs);
	u64 c = (u64)code;

	__scx_h_exit((double)(u32)(c >> 32), (double)(u32)c, __scx_msg_buf, len);
}

/* scx_bpf_error(fmt, args...): SCX_EXIT_ERROR_BPF with the formatted message. */
#define scx_bpf_error(fmt, args...) ({							\
	u64 ___a[] = __SCX_PACK(args);							\
	__scx_error_packed(fmt, ___a + 1, __SCX_NARGS(args));				\
})
/* scx_bpf_exit(code, fmt, args...): SCX_EXIT_UNREG_BPF with the exit code and message. */
#define scx_bpf_exit(code, fmt, args...) ({						\
	u64 ___a[] = __SCX_PACK(args);							\
	__scx_exit_packed(code, fmt, ___a + 1, __SCX_NARGS(args));			\
})
#define scx_bpf_dump(fmt, args...) ((void)0)

/* ---- tasks --------------------------------------------------------------------------------------- */
static inline struct task_struct *bpf_task_from_pid(s32 pid)
{
	return __scx_h_task_from_pid(pid);
}
static inline void bpf_task_release(struct task_struct *p) {}
static inline struct task_struct *bpf_task_acquire(struct task_struct *p) { return p; }
static inline struct task_struct *bpf_get_current_task_btf(void) { return NULL; }

/* ---- kfuncs -------------------------------------------------------------------------------------- */
static inline void scx_bpf_dsq_insert(struct task_struct *p, u64 dsq_id, u64 slice, u64 enq_flags)
{
	__scx_h_dsq_insert(p, __scx_dsq(dsq_id), __scx_u64(slice), 0, (double)enq_flags, 0);
}
static inline void scx_bpf_dsq_insert_vtime(struct task_struct *p, u64 dsq_id, u64 slice, u64 vtime, u64 enq_flags)
{
	__scx_h_dsq_insert(p, __scx_dsq(dsq_id), __scx_u64(slice), (double)vtime, (double)enq_flags, 1);
}
static inline bool scx_bpf_dsq_move_to_local(u64 dsq_id)
{
	return __scx_h_dsq_move_to_local(__scx_dsq(dsq_id));
}
static inline s32 scx_bpf_create_dsq(u64 dsq_id, s32 node)
{
	return __scx_h_create_dsq(__scx_dsq(dsq_id), node);
}
static inline void scx_bpf_destroy_dsq(u64 dsq_id)
{
	__scx_h_destroy_dsq(__scx_dsq(dsq_id));
}
static inline s32 scx_bpf_dsq_nr_queued(u64 dsq_id)
{
	return __scx_h_dsq_nr_queued(__scx_dsq(dsq_id));
}
static inline void scx_bpf_kick_cpu(s32 cpu, u64 flags)
{
	__scx_h_kick_cpu(cpu, (double)flags);
}
static inline s32 scx_bpf_select_cpu_dfl(struct task_struct *p, s32 prev_cpu, u64 wake_flags, bool *is_idle)
{
	double r = __scx_h_select_cpu_dfl(p, prev_cpu, (double)wake_flags);
	s32 packed = (s32)r;

	if (is_idle)
		*is_idle = packed & 1;
	return packed >> 1;
}
static inline bool scx_bpf_test_and_clear_cpu_idle(s32 cpu)
{
	return __scx_h_test_and_clear_cpu_idle(cpu);
}
static inline s32 scx_bpf_pick_idle_cpu(const struct cpumask *cpus_allowed, u64 flags)
{
	return __scx_h_pick_idle_cpu(cpus_allowed, (double)flags);
}
/* Simplification: "any" CPU is the lowest allowed one when none is idle (the kernel distributes). */
static inline s32 scx_bpf_pick_any_cpu(const struct cpumask *cpus_allowed, u64 flags)
{
	s32 cpu = scx_bpf_pick_idle_cpu(cpus_allowed, flags);
	u32 i, n = __scx_h_nr_cpu_ids();

	if (cpu >= 0)
		return cpu;
	for (i = 0; i < n; i++)
		if (cpus_allowed->bits[i / 64] & (1ULL << (i % 64)))
			return i;
	return -EBUSY;
}
static inline bool scx_bpf_task_set_slice(struct task_struct *p, u64 slice)
{
	__scx_h_task_set_slice(p, __scx_u64(slice));
	return true;
}
static inline bool scx_bpf_task_set_dsq_vtime(struct task_struct *p, u64 vtime)
{
	__scx_h_task_set_dsq_vtime(p, (double)vtime);
	return true;
}
static inline s32 scx_bpf_task_cpu(const struct task_struct *p)
{
	return __scx_h_task_cpu(p);
}
static inline bool scx_bpf_task_running(const struct task_struct *p)
{
	return __scx_h_task_running(p);
}
static inline u32 scx_bpf_dispatch_nr_slots(void)
{
	return __scx_h_dispatch_nr_slots();
}
static inline void scx_bpf_dispatch_cancel(void)
{
	__scx_h_dispatch_cancel();
}
static inline u32 scx_bpf_reenqueue_local(void)
{
	return __scx_h_reenqueue_local();
}
static inline u32 scx_bpf_nr_cpu_ids(void)
{
	return __scx_h_nr_cpu_ids();
}
static inline u32 scx_bpf_nr_node_ids(void) { return 1; }
static inline s32 scx_bpf_cpu_node(s32 cpu) { return 0; }
static inline u64 scx_bpf_now(void)
{
	return (u64)__scx_h_now_ns();
}
static inline u64 bpf_ktime_get_ns(void)
{
	return (u64)__scx_h_now_ns();
}
static inline u64 bpf_ktime_get_boot_ns(void)
{
	return (u64)__scx_h_now_ns();
}
static inline u32 bpf_get_smp_processor_id(void)
{
	return (u32)__scx_cur_cpu;
}
/* A fixed-seed generator: memory is reset per run, so the sequence is the same in every run. */
static u64 __scx_prandom_state = 0x9e3779b97f4a7c15ULL;
static inline u32 bpf_get_prandom_u32(void)
{
	u64 x = __scx_prandom_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	__scx_prandom_state = x;
	return (u32)(x >> 16);
}
static inline void bpf_rcu_read_lock(void) {}
static inline void bpf_rcu_read_unlock(void) {}
static inline void bpf_preempt_disable(void) {}
static inline void bpf_preempt_enable(void) {}
/* One CPU runs BPF at a time in the model: spin locks have nothing to exclude. */
static inline void bpf_spin_lock(struct bpf_spin_lock *lock) {}
static inline void bpf_spin_unlock(struct bpf_spin_lock *lock) {}
static inline long bpf_probe_read_kernel(void *dst, u32 size, const void *src)
{
	__builtin_memcpy(dst, src, size);
	return 0;
}
static inline long bpf_probe_read_kernel_str(void *dst, u32 size, const void *src)
{
	char *d = dst;
	const char *s = src;
	u32 i;

	if (!size)
		return 0;
	for (i = 0; i + 1 < size && s && s[i]; i++)
		d[i] = s[i];
	d[i] = '\0';
	return i + 1;
}

/* Not modelled: each names itself in the compile error. */
__SCX_UNSUPPORTED_FN("the model keeps no idle cpumask for BPF") const struct cpumask *scx_bpf_get_idle_cpumask(void);
__SCX_UNSUPPORTED_FN("the model keeps no idle cpumask for BPF") const struct cpumask *scx_bpf_get_idle_smtmask(void);
__SCX_UNSUPPORTED_FN("no DSQ iterators") bool scx_bpf_dsq_move(void *it, struct task_struct *p, u64 dsq_id, u64 enq_flags);
__SCX_UNSUPPORTED_FN("no DSQ iterators") bool scx_bpf_dsq_move_vtime(void *it, struct task_struct *p, u64 dsq_id, u64 enq_flags);
__SCX_UNSUPPORTED_FN("no DSQ iterators") void scx_bpf_dsq_move_set_slice(void *it, u64 slice);
__SCX_UNSUPPORTED_FN("no DSQ iterators") void scx_bpf_dsq_move_set_vtime(void *it, u64 vtime);
__SCX_UNSUPPORTED_FN("no DSQ peek") struct task_struct *scx_bpf_dsq_peek(u64 dsq_id);
__SCX_UNSUPPORTED_FN("no cpufreq") u32 scx_bpf_cpuperf_cap(s32 cpu);
__SCX_UNSUPPORTED_FN("no cpufreq") u32 scx_bpf_cpuperf_cur(s32 cpu);
__SCX_UNSUPPORTED_FN("no cpufreq") void scx_bpf_cpuperf_set(s32 cpu, u32 perf);
__SCX_UNSUPPORTED_FN("no cgroups") struct cgroup *scx_bpf_task_cgroup(struct task_struct *p);
__SCX_UNSUPPORTED_FN("no rq access") void *scx_bpf_cpu_rq(s32 cpu);
__SCX_UNSUPPORTED_FN("no ring buffers") void *bpf_ringbuf_reserve(void *ringbuf, u64 size, u64 flags);
__SCX_UNSUPPORTED_FN("no ring buffers") long bpf_ringbuf_output(void *ringbuf, void *data, u64 size, u64 flags);
__SCX_UNSUPPORTED_FN("no user ring buffers") long bpf_user_ringbuf_drain(void *map, void *fn, void *ctx, u64 flags);
__SCX_UNSUPPORTED_FN("no bpf_loop; use bpf_for") long bpf_loop(u32 nr_loops, void *fn, void *ctx, u64 flags);

/* ---- BPF arena (BPF_MAP_TYPE_ARENA): pages from the program's own heap; __arena pointers are plain ---- */
#define __SCX_ARENA_PAGE 4096u
/* Simplification: no fixed addresses (addr must be NULL), max_entries is not enforced, freed pages are not
 * reused. */
static inline void *bpf_arena_alloc_pages(void *map, void *addr, u32 page_cnt, int node, u64 flags)
{
	u8 *p;

	if (addr || !page_cnt)
		return NULL;
	p = __scx_alloc(page_cnt * __SCX_ARENA_PAGE + __SCX_ARENA_PAGE);
	if (!p)
		return NULL;
	return (void *)(((uintptr_t)p + __SCX_ARENA_PAGE - 1) & ~(uintptr_t)(__SCX_ARENA_PAGE - 1));
}
static inline void bpf_arena_free_pages(void *map, void *ptr, u32 page_cnt) {}
#define cast_kern(ptr) (ptr)
#define cast_user(ptr) (ptr)
#define NUMA_NO_NODE (-1)

/* ---- cpumasks ------------------------------------------------------------------------------------ */
#define __SCX_CPU_OK(cpu) ((u32)(cpu) < SCX_SHIM_CPUS_MAX)
static inline bool bpf_cpumask_test_cpu(u32 cpu, const struct cpumask *mask)
{
	return mask && __SCX_CPU_OK(cpu) && (mask->bits[cpu / 64] >> (cpu % 64)) & 1;
}
static inline void bpf_cpumask_set_cpu(u32 cpu, struct bpf_cpumask *mask)
{
	if (mask && __SCX_CPU_OK(cpu))
		mask->cpumask.bits[cpu / 64] |= 1ULL << (cpu % 64);
}
static inline void bpf_cpumask_clear_cpu(u32 cpu, struct bpf_cpumask *mask)
{
	if (mask && __SCX_CPU_OK(cpu))
		mask->cpumask.bits[cpu / 64] &= ~(1ULL << (cpu % 64));
}
static inline bool bpf_cpumask_test_and_set_cpu(u32 cpu, struct bpf_cpumask *mask)
{
	bool was = bpf_cpumask_test_cpu(cpu, &mask->cpumask);

	bpf_cpumask_set_cpu(cpu, mask);
	return was;
}
static inline bool bpf_cpumask_test_and_clear_cpu(u32 cpu, struct bpf_cpumask *mask)
{
	bool was = bpf_cpumask_test_cpu(cpu, &mask->cpumask);

	bpf_cpumask_clear_cpu(cpu, mask);
	return was;
}
static inline void bpf_cpumask_clear(struct bpf_cpumask *mask)
{
	__builtin_memset(&mask->cpumask, 0, sizeof(mask->cpumask));
}
static inline void bpf_cpumask_setall(struct bpf_cpumask *mask)
{
	u32 i, n = __scx_h_nr_cpu_ids();

	bpf_cpumask_clear(mask);
	for (i = 0; i < n; i++)
		bpf_cpumask_set_cpu(i, mask);
}
static inline bool bpf_cpumask_and(struct bpf_cpumask *dst, const struct cpumask *a, const struct cpumask *b)
{
	u64 any = 0;
	u32 i;

	for (i = 0; i < SCX_SHIM_CPUS_MAX / 64; i++)
		any |= dst->cpumask.bits[i] = a->bits[i] & b->bits[i];
	return any != 0;
}
static inline void bpf_cpumask_or(struct bpf_cpumask *dst, const struct cpumask *a, const struct cpumask *b)
{
	u32 i;

	for (i = 0; i < SCX_SHIM_CPUS_MAX / 64; i++)
		dst->cpumask.bits[i] = a->bits[i] | b->bits[i];
}
static inline void bpf_cpumask_xor(struct bpf_cpumask *dst, const struct cpumask *a, const struct cpumask *b)
{
	u32 i;

	for (i = 0; i < SCX_SHIM_CPUS_MAX / 64; i++)
		dst->cpumask.bits[i] = a->bits[i] ^ b->bits[i];
}
static inline void bpf_cpumask_copy(struct bpf_cpumask *dst, const struct cpumask *src)
{
	dst->cpumask = *src;
}
static inline bool bpf_cpumask_equal(const struct cpumask *a, const struct cpumask *b)
{
	return __scx_memcmp(a, b, sizeof(*a)) == 0;
}
static inline bool bpf_cpumask_intersects(const struct cpumask *a, const struct cpumask *b)
{
	u32 i;

	for (i = 0; i < SCX_SHIM_CPUS_MAX / 64; i++)
		if (a->bits[i] & b->bits[i])
			return true;
	return false;
}
static inline bool bpf_cpumask_subset(const struct cpumask *a, const struct cpumask *b)
{
	u32 i;

	for (i = 0; i < SCX_SHIM_CPUS_MAX / 64; i++)
		if (a->bits[i] & ~b->bits[i])
			return false;
	return true;
}
static inline u32 bpf_cpumask_first(const struct cpumask *mask)
{
	u32 i;

	for (i = 0; i < SCX_SHIM_CPUS_MAX; i++)
		if (bpf_cpumask_test_cpu(i, mask))
			return i;
	return SCX_SHIM_CPUS_MAX;
}
static inline u32 bpf_cpumask_first_zero(const struct cpumask *mask)
{
	u32 i;

	for (i = 0; i < SCX_SHIM_CPUS_MAX; i++)
		if (!bpf_cpumask_test_cpu(i, mask))
			return i;
	return SCX_SHIM_CPUS_MAX;
}
static inline u32 bpf_cpumask_first_and(const struct cpumask *a, const struct cpumask *b)
{
	u32 i;

	for (i = 0; i < SCX_SHIM_CPUS_MAX; i++)
		if (bpf_cpumask_test_cpu(i, a) && bpf_cpumask_test_cpu(i, b))
			return i;
	return SCX_SHIM_CPUS_MAX;
}
static inline u32 bpf_cpumask_weight(const struct cpumask *mask)
{
	u32 i, n = 0;

	for (i = 0; i < SCX_SHIM_CPUS_MAX / 64; i++)
		n += __builtin_popcountll(mask->bits[i]);
	return n;
}
static inline bool bpf_cpumask_empty(const struct cpumask *mask)
{
	return bpf_cpumask_weight(mask) == 0;
}
static inline bool bpf_cpumask_full(const struct cpumask *mask)
{
	return bpf_cpumask_weight(mask) == __scx_h_nr_cpu_ids();
}
/* Simplification: the first CPU of the mask (the kernel distributes). */
static inline u32 bpf_cpumask_any_distribute(const struct cpumask *mask)
{
	return bpf_cpumask_first(mask);
}
static inline u32 bpf_cpumask_any_and_distribute(const struct cpumask *a, const struct cpumask *b)
{
	return bpf_cpumask_first_and(a, b);
}

#define __SCX_CPUMASK_POOL 256
static struct bpf_cpumask __scx_cpumask_pool[__SCX_CPUMASK_POOL];

/* bpf_cpumask_create: from a fixed pool (kptrs are few: a handful per scheduler, per CPU at most). */
static inline struct bpf_cpumask *bpf_cpumask_create(void)
{
	u32 i;

	for (i = 0; i < __SCX_CPUMASK_POOL; i++) {
		struct bpf_cpumask *m = &__scx_cpumask_pool[i];

		if (!m->in_use) {
			__builtin_memset(m, 0, sizeof(*m));
			m->in_use = 1;
			m->usage = 1;
			return m;
		}
	}
	return NULL;
}
static inline struct bpf_cpumask *bpf_cpumask_acquire(struct bpf_cpumask *m)
{
	if (m)
		m->usage++;
	return m;
}
static inline void bpf_cpumask_release(struct bpf_cpumask *m)
{
	if (m && m->usage && !--m->usage)
		m->in_use = 0;
}
/* bpf_kptr_xchg: single-threaded, a plain exchange. */
#define bpf_kptr_xchg(pp, v) ({ typeof(*(pp)) ___old = *(pp); *(pp) = (v); ___old; })

static inline const struct cpumask *scx_bpf_get_online_cpumask(void)
{
	__scx_h_online_cpus(&__scx_arg_cpumask);
	return &__scx_arg_cpumask;
}
static inline const struct cpumask *scx_bpf_get_possible_cpumask(void)
{
	struct cpumask *m = &__scx_arg_cpumask;
	u32 i, n = __scx_h_nr_cpu_ids();

	__builtin_memset(m, 0, sizeof(*m));
	for (i = 0; i < n; i++)
		m->bits[i / 64] |= 1ULL << (i % 64);
	return m;
}
static inline void scx_bpf_put_cpumask(const struct cpumask *m) {}
static inline void scx_bpf_put_idle_cpumask(const struct cpumask *m) {}

/* ---- maps ---------------------------------------------------------------------------------------- */
/* A map's runtime, allocated at first use; its address is kept in the map variable's first word. */
struct __scx_map {
	u32 type, max_entries, key_size, value_size;
	u32 nr_cpus;
	u8 *keys;	/* hash: key slots */
	u8 *values;	/* array/hash values; queue ring */
	u8 *used;	/* hash: 0 free, 1 used, 2 deleted */
	u32 cap;	/* hash: slot count (power of two) */
	u32 count, head;
	void **by_slot;	/* task storage: value per task-table slot */
	void *free_values;
	struct __scx_map *next_task_storage;
};
static struct __scx_map *__scx_task_storages;

#define __SCX_MAP_TYPE(m) ((u32)(sizeof(*(m)->type) / sizeof(int)))
#define __SCX_MAP_MAX(m) ((u32)(sizeof(*(m)->max_entries) / sizeof(int)))
#define __SCX_MAP_KEY(m) ((u32)sizeof(*(m)->key))
#define __SCX_MAP_VALUE(m) ((u32)sizeof(*(m)->value))
#define __SCX_MAP(m, need_max) __scx_map_get((void *)(m), __SCX_MAP_TYPE(m), need_max, __SCX_MAP_KEY(m), __SCX_MAP_VALUE(m))
#define __SCX_MAP_NOKEY(m) __scx_map_get((void *)(m), __SCX_MAP_TYPE(m), __SCX_MAP_MAX(m), 4, __SCX_MAP_VALUE(m))

static struct __scx_map *__scx_map_get(void *var, u32 type, u32 max_entries, u32 key_size, u32 value_size)
{
	struct __scx_map **slot = var, *m = *slot;
	u32 cap;

	if (m)
		return m;
	m = __scx_alloc(sizeof(*m));
	if (!m)
		return NULL;
	m->type = type;
	m->max_entries = max_entries;
	m->key_size = key_size;
	m->value_size = (value_size + 7u) & ~7u;
	switch (type) {
	case BPF_MAP_TYPE_ARRAY:
		m->values = __scx_alloc(m->value_size * max_entries);
		break;
	case BPF_MAP_TYPE_PERCPU_ARRAY:
		m->nr_cpus = __scx_h_nr_cpu_ids();
		m->values = __scx_alloc(m->value_size * max_entries * m->nr_cpus);
		break;
	case BPF_MAP_TYPE_HASH:
	case BPF_MAP_TYPE_LRU_HASH:
		for (cap = 8; cap < max_entries * 2; cap *= 2)
			;
		m->cap = cap;
		m->keys = __scx_alloc(((key_size + 7u) & ~7u) * cap);
		m->values = __scx_alloc(m->value_size * cap);
		m->used = __scx_alloc(cap);
		break;
	case BPF_MAP_TYPE_QUEUE:
	case BPF_MAP_TYPE_STACK:
		m->values = __scx_alloc(m->value_size * (max_entries ? max_entries : 1));
		break;
	case BPF_MAP_TYPE_TASK_STORAGE:
		m->by_slot = __scx_alloc(sizeof(void *) * SCX_SHIM_TASKS_MAX);
		m->next_task_storage = __scx_task_storages;
		__scx_task_storages = m;
		break;
	default:
		scx_bpf_error("BPF map type %u is not supported by schedcheck's WebAssembly shim (see bpf/README.md)", type);
		return NULL;
	}
	*slot = m;
	return m;
}

static u32 __scx_hash(const u8 *key, u32 n)
{
	u32 h = 2166136261u, i;

	for (i = 0; i < n; i++)
		h = (h ^ key[i]) * 16777619u;
	return h;
}

/* Hash lookup: the slot holding `key`, or (with insert) the slot to put it in; -1 when absent/full. */
static s32 __scx_hash_find(struct __scx_map *m, const void *key, bool insert)
{
	u32 ks = (m->key_size + 7u) & ~7u, mask = m->cap - 1, i = __scx_hash(key, m->key_size) & mask, n;
	s32 tomb = -1;

	for (n = 0; n < m->cap; n++, i = (i + 1) & mask) {
		if (m->used[i] == 0)
			return insert ? (tomb >= 0 ? tomb : (s32)i) : -1;
		if (m->used[i] == 2) {
			if (tomb < 0)
				tomb = i;
			continue;
		}
		if (!__scx_memcmp(m->keys + i * ks, key, m->key_size))
			return i;
	}
	return insert ? tomb : -1;
}

static void *__scx_map_lookup(struct __scx_map *m, const void *key, s32 cpu)
{
	u32 idx;
	s32 at;

	if (!m || !key)
		return NULL;
	switch (m->type) {
	case BPF_MAP_TYPE_ARRAY:
		idx = *(const u32 *)key;
		return idx < m->max_entries ? m->values + idx * m->value_size : NULL;
	case BPF_MAP_TYPE_PERCPU_ARRAY:
		idx = *(const u32 *)key;
		if (idx >= m->max_entries || cpu < 0 || (u32)cpu >= m->nr_cpus)
			return NULL;
		return m->values + ((u32)cpu * m->max_entries + idx) * m->value_size;
	case BPF_MAP_TYPE_HASH:
	case BPF_MAP_TYPE_LRU_HASH:
		at = __scx_hash_find(m, key, false);
		return at < 0 ? NULL : m->values + (u32)at * m->value_size;
	default:
		return NULL;
	}
}

static long __scx_map_update(struct __scx_map *m, const void *key, const void *value, u64 flags)
{
	u32 idx;
	s32 at;
	bool exists;

	if (!m)
		return -EINVAL;
	switch (m->type) {
	case BPF_MAP_TYPE_ARRAY:
	case BPF_MAP_TYPE_PERCPU_ARRAY:
		idx = *(const u32 *)key;
		if (idx >= m->max_entries)
			return -E2BIG;
		if (flags == BPF_NOEXIST)
			return -EEXIST;
		__builtin_memcpy(__scx_map_lookup(m, key, __scx_cur_cpu), value, m->value_size);
		return 0;
	case BPF_MAP_TYPE_HASH:
	case BPF_MAP_TYPE_LRU_HASH:
		at = __scx_hash_find(m, key, false);
		exists = at >= 0;
		if (flags == BPF_NOEXIST && exists)
			return -EEXIST;
		if (flags == BPF_EXIST && !exists)
			return -ENOENT;
		if (!exists) {
			if (m->count >= m->max_entries)
				return -E2BIG;
			at = __scx_hash_find(m, key, true);
			if (at < 0)
				return -E2BIG;
			m->used[at] = 1;
			m->count++;
			__builtin_memcpy(m->keys + (u32)at * ((m->key_size + 7u) & ~7u), key, m->key_size);
		}
		__builtin_memcpy(m->values + (u32)at * m->value_size, value, m->value_size);
		return 0;
	default:
		return -EINVAL;
	}
}

static long __scx_map_delete(struct __scx_map *m, const void *key)
{
	s32 at;

	if (!m)
		return -EINVAL;
	if (m->type != BPF_MAP_TYPE_HASH && m->type != BPF_MAP_TYPE_LRU_HASH)
		return -EINVAL;
	at = __scx_hash_find(m, key, false);
	if (at < 0)
		return -ENOENT;
	m->used[at] = 2;
	m->count--;
	__builtin_memset(m->values + (u32)at * m->value_size, 0, m->value_size);
	return 0;
}

static long __scx_map_push(struct __scx_map *m, const void *value, u64 flags)
{
	if (!m || (m->type != BPF_MAP_TYPE_QUEUE && m->type != BPF_MAP_TYPE_STACK))
		return -EINVAL;
	if (m->count >= m->max_entries) {
		if (!(flags & BPF_EXIST))
			return -E2BIG;
		/* BPF_EXIST: drop the oldest. */
		m->head = (m->head + 1) % m->max_entries;
		m->count--;
	}
	__builtin_memcpy(m->values + ((m->head + m->count) % m->max_entries) * m->value_size, value, m->value_size);
	m->count++;
	return 0;
}

static long __scx_map_pop(struct __scx_map *m, void *value, bool remove)
{
	u32 at;

	if (!m || (m->type != BPF_MAP_TYPE_QUEUE && m->type != BPF_MAP_TYPE_STACK))
		return -EINVAL;
	if (!m->count)
		return -ENOENT;
	at = m->type == BPF_MAP_TYPE_QUEUE ? m->head : (m->head + m->count - 1) % m->max_entries;
	__builtin_memcpy(value, m->values + at * m->value_size, m->value_size);
	if (remove) {
		m->count--;
		if (m->type == BPF_MAP_TYPE_QUEUE)
			m->head = (m->head + 1) % m->max_entries;
	}
	return 0;
}

#define bpf_map_lookup_elem(map, key) __scx_map_lookup(__SCX_MAP(map, __SCX_MAP_MAX(map)), (key), __scx_cur_cpu)
#define bpf_map_lookup_percpu_elem(map, key, cpu) __scx_map_lookup(__SCX_MAP(map, __SCX_MAP_MAX(map)), (key), (cpu))
#define bpf_map_update_elem(map, key, value, flags) __scx_map_update(__SCX_MAP(map, __SCX_MAP_MAX(map)), (key), (value), (flags))
#define bpf_map_delete_elem(map, key) __scx_map_delete(__SCX_MAP(map, __SCX_MAP_MAX(map)), (key))
#define bpf_map_push_elem(map, value, flags) __scx_map_push(__SCX_MAP_NOKEY(map), (value), (flags))
#define bpf_map_pop_elem(map, value) __scx_map_pop(__SCX_MAP_NOKEY(map), (value), true)
#define bpf_map_peek_elem(map, value) __scx_map_pop(__SCX_MAP_NOKEY(map), (value), false)

static inline u32 __scx_task_slot(const struct task_struct *p)
{
	return p ? p->__schedcheck_slot : SCX_SHIM_TASKS_MAX;
}

static void *__scx_task_storage_get(struct __scx_map *m, struct task_struct *p, void *init, u64 flags)
{
	u32 slot = __scx_task_slot(p);
	void *v;

	if (!m || slot >= SCX_SHIM_TASKS_MAX)
		return NULL;
	v = m->by_slot[slot];
	if (v || !(flags & BPF_LOCAL_STORAGE_GET_F_CREATE))
		return v;
	if (m->free_values) {
		v = m->free_values;
		m->free_values = *(void **)v;
	} else {
		v = __scx_alloc(m->value_size < 8 ? 8 : m->value_size);
		if (!v)
			return NULL;
	}
	if (init)
		__builtin_memcpy(v, init, m->value_size);
	else
		__builtin_memset(v, 0, m->value_size);
	m->by_slot[slot] = v;
	return v;
}

static long __scx_task_storage_delete(struct __scx_map *m, struct task_struct *p)
{
	u32 slot = __scx_task_slot(p);
	void *v;

	if (!m || slot >= SCX_SHIM_TASKS_MAX || !(v = m->by_slot[slot]))
		return -ENOENT;
	m->by_slot[slot] = NULL;
	*(void **)v = m->free_values;
	m->free_values = v;
	return 0;
}

/* Task storage needs no max_entries (there is none in its definition). */
#define __SCX_MAP_TS(m) __scx_map_get((void *)(m), __SCX_MAP_TYPE(m), 0, __SCX_MAP_KEY(m), __SCX_MAP_VALUE(m))
#define bpf_task_storage_get(map, task, value, flags) __scx_task_storage_get(__SCX_MAP_TS(map), (task), (value), (flags))
#define bpf_task_storage_delete(map, task) __scx_task_storage_delete(__SCX_MAP_TS(map), (task))

/* The host recycles a dead task's table slot: its task storage goes with it (as at task exit). */
__SCX_EXPORT("__scx_task_slot_free") void __scx_task_slot_free(u32 slot)
{
	struct __scx_map *m;

	if (slot >= SCX_SHIM_TASKS_MAX)
		return;
	for (m = __scx_task_storages; m; m = m->next_task_storage)
		__scx_task_storage_delete(m, &__scx_tasks[slot]);
}

/* ---- timers -------------------------------------------------------------------------------------- */
static inline long bpf_timer_init(struct bpf_timer *timer, void *map, u64 clock)
{
	struct __scx_map *m = map ? *(struct __scx_map **)map : NULL;

	timer->map = map;
	timer->key = 0;
	if (m && m->values && m->value_size)
		timer->key = (u32)(((u8 *)timer - m->values) / m->value_size);
	return 0;
}
#define bpf_timer_set_callback(timer, fn) ((timer)->callback = (u32)(uintptr_t)(fn), 0L)
static inline long bpf_timer_start(struct bpf_timer *timer, u64 nsecs, u64 flags)
{
	return __scx_h_timer_start(timer, (double)nsecs);
}
static inline long bpf_timer_cancel(struct bpf_timer *timer)
{
	return __scx_h_timer_cancel(timer);
}

__SCX_EXPORT("__scx_timer_fire") void __scx_timer_fire(struct bpf_timer *timer)
{
	int (*fn)(void *, int *, struct bpf_timer *) = (void *)(uintptr_t)timer->callback;
	int key = (int)timer->key;

	if (fn)
		fn(timer->map, &key, timer);
}

/* ---- ops ---------------------------------------------------------------------------------------- */
/* What the host needs from the ops table: 0..33 whether each callback is set, then the scalar fields. */
__SCX_EXPORT("__scx_ops_field") double __scx_ops_field(u32 i)
{
	void **cbs = (void **)__scx_ops;

	if (!__scx_ops)
		return -1;
	if (i < offsetof(struct sched_ext_ops, dispatch_max_batch) / sizeof(void *))
		return cbs[i] != NULL;
	switch (i) {
	case 100: return (double)__scx_ops->flags;
	case 101: return __scx_ops->timeout_ms;
	case 102: return __scx_ops->dispatch_max_batch;
	case 103: return (double)(uintptr_t)__scx_ops->name;
	default: return -1;
	}
}

#define __SCX_CALL(field, ret, ...) ((ret (*)(__VA_ARGS__))__scx_ops->field)
__SCX_EXPORT("__scx_op_select_cpu") s32 __scx_op_select_cpu(struct task_struct *p, s32 prev_cpu, double wake_flags)
{ return __SCX_CALL(select_cpu, s32, struct task_struct *, s32, u64)(p, prev_cpu, (u64)wake_flags); }
__SCX_EXPORT("__scx_op_enqueue") void __scx_op_enqueue(struct task_struct *p, double enq_flags)
{ __SCX_CALL(enqueue, void, struct task_struct *, u64)(p, (u64)enq_flags); }
__SCX_EXPORT("__scx_op_dequeue") void __scx_op_dequeue(struct task_struct *p, double deq_flags)
{ __SCX_CALL(dequeue, void, struct task_struct *, u64)(p, (u64)deq_flags); }
__SCX_EXPORT("__scx_op_dispatch") void __scx_op_dispatch(s32 cpu, struct task_struct *prev)
{ __SCX_CALL(dispatch, void, s32, struct task_struct *)(cpu, prev); }
__SCX_EXPORT("__scx_op_tick") void __scx_op_tick(struct task_struct *p)
{ __SCX_CALL(tick, void, struct task_struct *)(p); }
__SCX_EXPORT("__scx_op_runnable") void __scx_op_runnable(struct task_struct *p, double enq_flags)
{ __SCX_CALL(runnable, void, struct task_struct *, u64)(p, (u64)enq_flags); }
__SCX_EXPORT("__scx_op_running") void __scx_op_running(struct task_struct *p)
{ __SCX_CALL(running, void, struct task_struct *)(p); }
__SCX_EXPORT("__scx_op_stopping") void __scx_op_stopping(struct task_struct *p, u32 runnable)
{ __SCX_CALL(stopping, void, struct task_struct *, bool)(p, runnable); }
__SCX_EXPORT("__scx_op_quiescent") void __scx_op_quiescent(struct task_struct *p, double deq_flags)
{ __SCX_CALL(quiescent, void, struct task_struct *, u64)(p, (u64)deq_flags); }
__SCX_EXPORT("__scx_op_yield") u32 __scx_op_yield(struct task_struct *from, struct task_struct *to)
{ return __SCX_CALL(yield, bool, struct task_struct *, struct task_struct *)(from, to); }
__SCX_EXPORT("__scx_op_set_weight") void __scx_op_set_weight(struct task_struct *p, u32 weight)
{ __SCX_CALL(set_weight, void, struct task_struct *, u32)(p, weight); }
__SCX_EXPORT("__scx_op_set_cpumask") void __scx_op_set_cpumask(struct task_struct *p, const struct cpumask *mask)
{ __SCX_CALL(set_cpumask, void, struct task_struct *, const struct cpumask *)(p, mask); }
__SCX_EXPORT("__scx_op_update_idle") void __scx_op_update_idle(s32 cpu, u32 idle)
{ __SCX_CALL(update_idle, void, s32, bool)(cpu, idle); }
__SCX_EXPORT("__scx_op_cpu_acquire") void __scx_op_cpu_acquire(s32 cpu)
{ __SCX_CALL(cpu_acquire, void, s32, struct scx_cpu_acquire_args *)(cpu, &__scx_cpu_acquire_args); }
__SCX_EXPORT("__scx_op_cpu_release") void __scx_op_cpu_release(s32 cpu, u32 reason, struct task_struct *task)
{
	__scx_cpu_release_args.reason = reason;
	__scx_cpu_release_args.task = task;
	__SCX_CALL(cpu_release, void, s32, struct scx_cpu_release_args *)(cpu, &__scx_cpu_release_args);
}
__SCX_EXPORT("__scx_op_init_task") s32 __scx_op_init_task(struct task_struct *p, u32 fork)
{
	__scx_init_task_args.fork = fork;
	__scx_init_task_args.cgroup = NULL;
	return __SCX_CALL(init_task, s32, struct task_struct *, struct scx_init_task_args *)(p, &__scx_init_task_args);
}
__SCX_EXPORT("__scx_op_exit_task") void __scx_op_exit_task(struct task_struct *p, u32 cancelled)
{
	__scx_exit_task_args.cancelled = cancelled;
	__SCX_CALL(exit_task, void, struct task_struct *, struct scx_exit_task_args *)(p, &__scx_exit_task_args);
}
__SCX_EXPORT("__scx_op_enable") void __scx_op_enable(struct task_struct *p)
{ __SCX_CALL(enable, void, struct task_struct *)(p); }
__SCX_EXPORT("__scx_op_disable") void __scx_op_disable(struct task_struct *p)
{ __SCX_CALL(disable, void, struct task_struct *)(p); }
__SCX_EXPORT("__scx_op_cpu_online") void __scx_op_cpu_online(s32 cpu)
{ __SCX_CALL(cpu_online, void, s32)(cpu); }
__SCX_EXPORT("__scx_op_cpu_offline") void __scx_op_cpu_offline(s32 cpu)
{ __SCX_CALL(cpu_offline, void, s32)(cpu); }
__SCX_EXPORT("__scx_op_init") s32 __scx_op_init(void)
{ return __SCX_CALL(init, s32, void)(); }
/* The host has written kind, code, reason and message into __scx_exit_info and its buffers. */
__SCX_EXPORT("__scx_op_exit") void __scx_op_exit(u32 kind, double code_hi, double code_lo)
{
	__scx_exit_info.kind = kind;
	__scx_exit_info.exit_code = (s64)(((u64)(u32)code_hi << 32) | (u32)code_lo);
	__scx_exit_info.reason = __scx_exit_reason;
	__scx_exit_info.msg = __scx_exit_msg;
	__scx_exit_info.dump = NULL;
	__SCX_CALL(exit, void, struct scx_exit_info *)(&__scx_exit_info);
}

/* SCX_OPS_DEFINE(name, fields...): the ops table, registered for the host. */
#define SCX_OPS_DEFINE(__name, ...)								\
	struct sched_ext_ops __name = { __VA_ARGS__ };						\
	__SCX_EXPORT("__scx_ops_register") void __scx_ops_register(void) { __scx_ops = &__name; }

#endif /* __SCHEDCHECK_RT_BPF_H */
