namespace Hourglass.Operations;

/// <summary>
/// A field's name as a validation error names it — <c>Handle.RunId</c>, <c>Start.Memo key</c>,
/// <c>RetryPolicy.NonRetryableErrorTypes[2]</c> — kept in its parts and joined only when a problem is
/// reported, so checking a good request allocates no names.
/// </summary>
/// <param name="name">The field, or the path to the member's parent.</param>
/// <param name="member">What follows it (<c>.RunId</c>, <c> key</c>); null for none.</param>
/// <param name="index">An element's index, written <c>[i]</c> after the rest; -1 for none.</param>
internal readonly struct FieldName(string name, string? member = null, int index = -1)
{
    /// <summary>A field named by a plain string.</summary>
    public static implicit operator FieldName(string name) => new(name);

    /// <summary>A member of this field (<c>.RunId</c>); free of allocation unless this one is itself a member or an element.</summary>
    public FieldName Member(string member) => new(ToString(), member);

    /// <summary>The element at <paramref name="i"/> of this field's member <paramref name="member"/> (<c>.NonRetryableErrorTypes</c>).</summary>
    public FieldName Element(string member, int i) => new(ToString(), member, i);

    /// <summary>The name as the error writes it.</summary>
    public override string ToString()
    {
        var joined = member is null ? name : name + member;
        return index < 0 ? joined : $"{joined}[{index}]";
    }
}
