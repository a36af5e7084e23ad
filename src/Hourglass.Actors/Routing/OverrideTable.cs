using Akka.Actor;
using Akka.Event;
using Hourglass.Protocol;

namespace Hourglass.Routing;

/// <summary>
/// The senders' backend overrides and the watches they need: each owner is watched so its override
/// dies with it, each actor an override names is watched so its owners fall back to config when it
/// dies, and an actor is unwatched as soon as no override needs it. Kept outside the router (in its
/// Props), so a restarted or re-created router keeps them; touched only by the router.
/// </summary>
internal sealed class OverrideTable
{
    private readonly Dictionary<IActorRef, BackendChoice> _byOwner = new();
    private readonly Dictionary<IActorRef, int> _targets = new();
    private readonly HashSet<IActorRef> _watched = new();

    public int Count => _byOwner.Count;

    public int Watched => _watched.Count;

    /// <summary>The sender's override, if it has one.</summary>
    public bool TryGet(IActorRef sender, out BackendChoice choice)
    {
        if (_byOwner.Count == 0)
        {
            choice = null!;
            return false;
        }
        return _byOwner.TryGetValue(sender, out choice!);
    }

    /// <summary>Sets (or with null clears) the owner's override; returns the one it had.</summary>
    public BackendChoice? Set(IActorRef owner, BackendChoice? next, IActorContext context)
    {
        var previous = Remove(owner);
        if (next is not null)
        {
            _byOwner[owner] = next;
            Watch(owner, context);
            if (next.Actor is { } target)
            {
                _targets[target] = _targets.GetValueOrDefault(target) + 1;
                Watch(target, context);
            }
        }
        ReleaseIfUnused(owner, context);
        if (previous?.Actor is { } oldTarget) ReleaseIfUnused(oldTarget, context);
        return previous;
    }

    /// <summary>
    /// An actor died: if it owned an override, the override goes and the actor it named is released
    /// unless another override names it; if overrides named it, their owners fall back to config.
    /// Returns false when the actor is not one of the table's.
    /// </summary>
    public bool Terminated(IActorRef actor, IActorContext context, ILoggingAdapter log)
    {
        if (!_watched.Remove(actor)) return false;
        if (Remove(actor)?.Actor is { } target) ReleaseIfUnused(target, context);
        if (_targets.ContainsKey(actor))
        {
            foreach (var owner in _byOwner.Where(o => actor.Equals(o.Value.Actor)).Select(o => o.Key).ToArray())
            {
                Remove(owner);
                ReleaseIfUnused(owner, context);
                log.Info("Backend actor {0} terminated; {1} returns to the configured backend", actor.Path, owner.Path);
            }
        }
        return true;
    }

    /// <summary>Watches everything again: a router made anew has none of the old one's watches.</summary>
    public void Rewatch(IActorContext context)
    {
        foreach (var actor in _watched) context.Watch(actor);
    }

    private BackendChoice? Remove(IActorRef owner)
    {
        if (!_byOwner.Remove(owner, out var previous)) return null;
        if (previous.Actor is { } target && --_targets[target] == 0) _targets.Remove(target);
        return previous;
    }

    private void Watch(IActorRef actor, IActorContext context)
    {
        if (_watched.Add(actor)) context.Watch(actor);
    }

    private void ReleaseIfUnused(IActorRef actor, IActorContext context)
    {
        if (_byOwner.ContainsKey(actor) || _targets.ContainsKey(actor)) return;
        if (_watched.Remove(actor)) context.Unwatch(actor);
    }
}
