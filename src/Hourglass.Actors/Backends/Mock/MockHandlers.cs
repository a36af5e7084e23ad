using Hourglass.Operations;
using Hourglass.Protocol;

namespace Hourglass.Backends.Mock;

/// <summary>What the query and update handler controls check alike.</summary>
internal static class MockHandlers
{
    /// <summary>A handler serves a workflow id, every run of it: a run id in the handle would promise otherwise.</summary>
    public static void CheckWorkflowOnly(WorkflowHandle handle, ref Validator v)
    {
        if (handle is { RunId.Length: > 0 })
            v.Fail("Handle.RunId", "must be empty: a handler answers every run of the workflow id, as a worker does");
    }
}
