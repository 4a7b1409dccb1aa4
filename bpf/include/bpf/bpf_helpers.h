/* bpf/bpf_helpers.h for schedcheck's WebAssembly shim: the libbpf section and map-definition macros, made
 * to work for clang --target=wasm32. `__uint(key_size, N)` also declares a `key` member (and value_size a
 * `value` member) so the shim reads every map's key and value sizes the same way, from the type.
 * Written for schedcheck; the macro names are libbpf's. */
#ifndef __SCHEDCHECK_BPF_HELPERS_H
#define __SCHEDCHECK_BPF_HELPERS_H

/* Section names only matter to libbpf; the shim needs none of them. */
#define SEC(name)
#define __always_inline inline __attribute__((always_inline))
#define __noinline __attribute__((noinline))
#define __weak __attribute__((weak))
#define __hidden __attribute__((visibility("hidden")))
#define __ksym
#define __kconfig
#define __percpu_kptr
#define __kptr
#define __kptr_untrusted
#define __arg_ctx
#define __arg_nonnull
#define __arg_trusted
#define __arg_arena
#define __nullable
#define __ref
#define __uptr
#define __arena
#define __arena_global
#define __contains(name, node)
#define __aligned(x) __attribute__((aligned(x)))
#ifndef likely
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif
#ifndef offsetof
#define offsetof(type, member) __builtin_offsetof(type, member)
#endif
#ifndef container_of
#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))
#endif
#define barrier() __asm__ __volatile__("" ::: "memory")
#define barrier_var(var) ((void)0)
#define __bpf_unreachable() __builtin_trap()
#define bpf_printk(fmt, args...) ((void)0)
#define bpf_ksym_exists(sym) 1

/* Map definitions: `__uint(name, val)` becomes `int (*name)[val]` as in libbpf. */
#define __uint(name, val) __scx_uint_##name(val)
#define __type(name, val) typeof(val) *name
#define __ulong(name, val) int (*name)[1]
#define __array(name, val) __scx_map_array_unsupported name
#define __scx_uint_type(v) int (*type)[v]
#define __scx_uint_max_entries(v) int (*max_entries)[v]
#define __scx_uint_map_flags(v) int (*map_flags)[v]
#define __scx_uint_map_extra(v) int (*map_extra)[v]
#define __scx_uint_pinning(v) int (*pinning)[v]
#define __scx_uint_numa_node(v) int (*numa_node)[v]
#define __scx_uint_key_size(v) int (*key_size)[v]; char (*key)[v]
#define __scx_uint_value_size(v) int (*value_size)[v]; char (*value)[v]

enum bpf_map_type {
	BPF_MAP_TYPE_UNSPEC = 0,
	BPF_MAP_TYPE_HASH = 1,
	BPF_MAP_TYPE_ARRAY = 2,
	BPF_MAP_TYPE_PROG_ARRAY = 3,
	BPF_MAP_TYPE_PERF_EVENT_ARRAY = 4,
	BPF_MAP_TYPE_PERCPU_HASH = 5,
	BPF_MAP_TYPE_PERCPU_ARRAY = 6,
	BPF_MAP_TYPE_STACK_TRACE = 7,
	BPF_MAP_TYPE_CGROUP_ARRAY = 8,
	BPF_MAP_TYPE_LRU_HASH = 9,
	BPF_MAP_TYPE_LRU_PERCPU_HASH = 10,
	BPF_MAP_TYPE_LPM_TRIE = 11,
	BPF_MAP_TYPE_ARRAY_OF_MAPS = 12,
	BPF_MAP_TYPE_HASH_OF_MAPS = 13,
	BPF_MAP_TYPE_DEVMAP = 14,
	BPF_MAP_TYPE_SOCKMAP = 15,
	BPF_MAP_TYPE_CPUMAP = 16,
	BPF_MAP_TYPE_XSKMAP = 17,
	BPF_MAP_TYPE_SOCKHASH = 18,
	BPF_MAP_TYPE_CGROUP_STORAGE = 19,
	BPF_MAP_TYPE_REUSEPORT_SOCKARRAY = 20,
	BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE = 21,
	BPF_MAP_TYPE_QUEUE = 22,
	BPF_MAP_TYPE_STACK = 23,
	BPF_MAP_TYPE_SK_STORAGE = 24,
	BPF_MAP_TYPE_DEVMAP_HASH = 25,
	BPF_MAP_TYPE_STRUCT_OPS = 26,
	BPF_MAP_TYPE_RINGBUF = 27,
	BPF_MAP_TYPE_INODE_STORAGE = 28,
	BPF_MAP_TYPE_TASK_STORAGE = 29,
	BPF_MAP_TYPE_BLOOM_FILTER = 30,
	BPF_MAP_TYPE_USER_RINGBUF = 31,
	BPF_MAP_TYPE_CGRP_STORAGE = 32,
	BPF_MAP_TYPE_ARENA = 33,
};

enum {
	BPF_ANY = 0,
	BPF_NOEXIST = 1,
	BPF_EXIST = 2,
	BPF_F_LOCK = 4,
};

enum {
	BPF_F_NO_PREALLOC = 1U << 0,
	BPF_F_MMAPABLE = 1U << 10,
};

enum {
	BPF_LOCAL_STORAGE_GET_F_CREATE = 1ULL << 0,
};

enum {
	BPF_F_TIMER_ABS = 1ULL << 0,
	BPF_F_TIMER_CPU_PIN = 1ULL << 1,
};

#endif
