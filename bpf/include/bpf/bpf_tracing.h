/* bpf/bpf_tracing.h for schedcheck's shim: BPF_PROG declares a plain function (no context unpacking). */
#ifndef __SCHEDCHECK_BPF_TRACING_H
#define __SCHEDCHECK_BPF_TRACING_H
#define BPF_PROG(name, args...) name(args)
#endif
