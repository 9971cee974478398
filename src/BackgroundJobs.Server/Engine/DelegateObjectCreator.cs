using DurableTask.Core;

namespace BackgroundJobs.Server.Engine;

/// <summary>Gives the Durable Task Framework a fresh shim for every work item, as the framework expects.</summary>
internal sealed class DelegateObjectCreator<T> : ObjectCreator<T>
{
    private readonly Func<T> create;

    public DelegateObjectCreator(string name, Func<T> create)
    {
        Name = name;
        Version = string.Empty;
        this.create = create;
    }

    public override T Create() => create();
}
