/* bpf/bpf_core_read.h for schedcheck's shim: CO-RE reads are plain reads (the shim's types are the truth). */
#ifndef __SCHEDCHECK_BPF_CORE_READ_H
#define __SCHEDCHECK_BPF_CORE_READ_H
#define BPF_CORE_READ(src, a) ((src)->a)
#define bpf_core_field_exists(field) 1
#define bpf_core_type_exists(type) 1
#define bpf_core_enum_value_exists(enum_type, enum_value) 1
#define bpf_core_enum_value(enum_type, enum_value) (enum_value)
#define bpf_core_cast(ptr, type) ((type *)(ptr))
#endif
