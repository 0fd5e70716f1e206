#!/usr/bin/env python3
"""Summarises a speedscope file converted from a dotnet-trace thread-time trace.

Usage: stacks.py trace.speedscope.json [frame-filter]

Prints where busy (non-waiting) samples spend their time: by leaf frame, and by the innermost Workflow.* frame on the
stack (which engine code caused the work). Samples whose leaf is a wait are counted apart, as idle.
A frame filter keeps only samples that have a frame containing that text (e.g. ApprovalRoundTrip or Workflow.Engine).
"""
import json, sys, collections

WAITS = ("WaitOneNoCheck", "Monitor.Wait", "LowLevelLifoSemaphore", "WaitNative", "Thread.Sleep", "RunFinalizers",
         "PollGC", "epoll", "WaitForSocket", "SpinWait")

data = json.load(open(sys.argv[1]))
needle = sys.argv[2] if len(sys.argv) > 2 else None
frames = [f["name"] for f in data["shared"]["frames"]]
leaf, owner, kinds, busy, idle = collections.Counter(), collections.Counter(), collections.Counter(), 0, 0
for profile in data["profiles"]:
    if profile["type"] == "sampled":
        samples = zip(profile["samples"], profile["weights"])
    else:  # evented: turn open/close into (stack, weight)
        samples, stack, last = [], [], None
        for e in profile["events"]:
            if last is not None and stack:
                samples.append((list(stack), e["at"] - last))
            if e["type"] == "O":
                stack.append(e["frame"])
            else:
                stack.pop()
            last = e["at"]
    for stack, weight in samples:
        names = [frames[i] for i in stack]
        if not names:
            continue
        if needle and not any(needle in n for n in names):
            continue
        kind = names[-1] if names[-1] in ("CPU_TIME", "UNMANAGED_CODE_TIME") else "?"
        if kind != "?":
            names = names[:-1] or [kind]
        if any(w in names[-1] for w in WAITS):
            idle += weight
            continue
        busy += weight
        kinds[kind] += weight
        leaf[names[-1][:110]] += weight
        mine = next((n for n in reversed(names) if "Workflow." in n and "Benchmarks" not in n), names[-1])
        owner[mine[:110]] += weight

print(f"busy {busy:.0f}, idle {idle:.0f} (sample weight units)")
print("busy kinds: " + ", ".join(f"{k} {100 * w / busy:.1f}%" for k, w in kinds.items()))
print("\nBusy time by leaf frame:")
for name, w in leaf.most_common(25):
    print(f"  {100 * w / busy:5.1f}%  {name}")
print("\nBusy time by innermost Workflow.* frame:")
for name, w in owner.most_common(30):
    print(f"  {100 * w / busy:5.1f}%  {name}")
