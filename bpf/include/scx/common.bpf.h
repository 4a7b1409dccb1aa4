/* scx/common.bpf.h for schedcheck: what a tools/sched_ext-style scheduler includes, for
 * clang --target=wasm32. Types (vmlinux.h), libbpf macros (bpf/bpf_helpers.h), the kfuncs, maps and
 * helpers (scx/schedcheck_rt.bpf.h, bound to the model's kfunc context by bpf/loader.ts), the UEI_* macros,
 * compat names, and the loop macros. Every for/while loop (and bpf_for/bpf_repeat) counts against a
 * per-callback iteration budget, standing in for the verifier's bounded loops: an endless loop ends the
 * scheduler with an error instead of hanging the suite. See bpf/README.md for the supported subset.
 * Written for schedcheck from the kernel's names; no kernel code copied. */
#ifndef __SCHEDCHECK_COMMON_BPF_H
#define __SCHEDCHECK_COMMON_BPF_H

#include "../vmlinux.h"
#include "../bpf/bpf_helpers.h"
#include "../bpf/bpf_tracing.h"
#include "../bpf/bpf_core_read.h"
#include "../errno.h"

#define BPF_MAX_LOOPS (8 * 1024 * 1024)

/* RESIZABLE_ARRAY: user space resizes it to nr_cpu_ids in the kernel; here it has room for every CPU. */
#define RESIZABLE_ARRAY(elfsec, arr) arr[SCX_SHIM_CPUS_MAX]
#define ARRAY_ELEM_PTR(arr, i, n) ((u64)(i) < (u64)(n) && (u64)(i) < sizeof(arr) / sizeof((arr)[0]) ? &(arr)[(i)] : NULL)
#define MEMBER_VPTR(base, member) (&(base)member)
#define private(name) __attribute__((aligned(8)))

#include "schedcheck_rt.bpf.h"
#include "user_exit_info.bpf.h"
#include "compat.bpf.h"

/* BPF_STRUCT_OPS: a plain C function, exported under its own name. */
#define BPF_STRUCT_OPS(name, args...) __attribute__((export_name(#name))) name(args)
#define BPF_STRUCT_OPS_SLEEPABLE(name, args...) __attribute__((export_name(#name))) name(args)

#define cast_mask(m) ((const struct cpumask *)(m))

#define READ_ONCE(x) (*(volatile typeof(x) *)&(x))
#define WRITE_ONCE(x, val) ((*(volatile typeof(x) *)&(x)) = (val))

#ifndef min
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#endif
#define clamp(val, lo, hi) min(max(val, lo), hi)

static inline bool time_before(u64 a, u64 b) { return (s64)(a - b) < 0; }
static inline bool time_after(u64 a, u64 b) { return (s64)(b - a) < 0; }
static inline bool time_before_eq(u64 a, u64 b) { return (s64)(a - b) <= 0; }
static inline bool time_after_eq(u64 a, u64 b) { return (s64)(b - a) <= 0; }
static inline u64 time_delta(u64 after, u64 before) { return after > before ? after - before : 0; }

static inline u32 log2_u32(u32 v) { return v ? 31 - __builtin_clz(v) : 0; }
static inline u32 log2_u64(u64 v) { return v ? 63 - __builtin_clzll(v) : 0; }

static inline bool is_migration_disabled(const struct task_struct *p) { return p->migration_disabled; }

/* Loops. bpf_for(i, start, end): i runs over [start, end); bpf_repeat(n): n times. */
#define __SCX_UNIQ(x) __SCX_CAT(x, __COUNTER__)
#define bpf_for(i, start, end) for ((i) = (start); (i) < (end); (i)++)
#define bpf_repeat(n) __scx_repeat(__SCX_UNIQ(___scx_rep), n)
#define __scx_repeat(v, n) for (int v = 0; v < (n); v++)
/* bpf_for_each(scx_dsq, ...) and other open-coded iterators: not modelled. */
#define bpf_for_each(type, cur, args...) \
	for (cur = ({ _Static_assert(0, "bpf_for_each(" #type ") is not supported by schedcheck's WebAssembly shim; see bpf/README.md"); (void *)0; }); cur; )

/* The iteration budget (see the header comment). */
static inline __attribute__((always_inline)) int __scx_loop_tick(void)
{
	if (__builtin_expect(--__scx_loop_left < 0, 0))
		__scx_h_loop_budget_exhausted();
	return 1;
}
#define for(...) for (__VA_ARGS__) if (!__scx_loop_tick()) {} else
#define while(...) while ((__VA_ARGS__) && __scx_loop_tick())

#endif /* __SCHEDCHECK_COMMON_BPF_H */
