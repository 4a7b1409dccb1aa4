/* compat.bpf.h for schedcheck's shim: the kernel's compatibility names all resolve to the modern kfuncs
 * (the model is the current kernel, DESIGN.md). Written for schedcheck. */
#ifndef __SCHEDCHECK_COMPAT_BPF_H
#define __SCHEDCHECK_COMPAT_BPF_H

#define __COMPAT_ENUM_OR_ZERO(__type, __ent) (__ent)

/* Pre-6.13 names. */
#define scx_bpf_dispatch(p, dsq_id, slice, enq_flags) scx_bpf_dsq_insert((p), (dsq_id), (slice), (enq_flags))
#define scx_bpf_dispatch_vtime(p, dsq_id, slice, vtime, enq_flags) \
	scx_bpf_dsq_insert_vtime((p), (dsq_id), (slice), (vtime), (enq_flags))
#define scx_bpf_consume(dsq_id) scx_bpf_dsq_move_to_local(dsq_id)
#define scx_bpf_dsq_move_to_local___v2(dsq_id, flags) scx_bpf_dsq_move_to_local(dsq_id)

#define __COMPAT_scx_bpf_task_cgroup(p) scx_bpf_task_cgroup(p)
#define __COMPAT_scx_bpf_dsq_move(it, p, dsq_id, enq_flags) scx_bpf_dsq_move((it), (p), (dsq_id), (enq_flags))
#define __COMPAT_scx_bpf_dsq_move_vtime(it, p, dsq_id, enq_flags) scx_bpf_dsq_move_vtime((it), (p), (dsq_id), (enq_flags))
#define __COMPAT_scx_bpf_cpu_node(cpu) scx_bpf_cpu_node(cpu)
#define __COMPAT_scx_bpf_nr_node_ids() scx_bpf_nr_node_ids()
#define __COMPAT_scx_bpf_pick_idle_cpu_node(cpus, node, flags) scx_bpf_pick_idle_cpu((cpus), (flags))
#define __COMPAT_scx_bpf_pick_any_cpu_node(cpus, node, flags) scx_bpf_pick_any_cpu((cpus), (flags))
#define __COMPAT_scx_bpf_get_idle_cpumask_node(node) scx_bpf_get_idle_cpumask()
#define __COMPAT_is_enq_cpu_selected(enq_flags) ((enq_flags) & SCX_ENQ_CPU_SELECTED)
#define __COMPAT_scx_bpf_task_set_slice(p, slice) scx_bpf_task_set_slice((p), (slice))
#define __COMPAT_scx_bpf_task_set_dsq_vtime(p, vtime) scx_bpf_task_set_dsq_vtime((p), (vtime))

#define SCX_OPS_DEFINE_COMPAT SCX_OPS_DEFINE

#endif
