namespace Hourglass.Backends.Mock.Visibility;

// The syntax tree of a visibility query, as the server's parser builds it (sqlparser's Select with
// its Where, GroupBy, OrderBy and Limit), before any name is resolved or any value checked.

/// <summary>A parsed query: the condition (null for none), GROUP BY columns, and whether ORDER BY or LIMIT were given.</summary>
internal sealed record ParsedQuery(QueryCondition? Where, IReadOnlyList<QueryOperand> GroupBy, bool HasOrderBy, bool HasLimit);

/// <summary>A condition: something true, false or unknown for each workflow execution.</summary>
internal abstract record QueryCondition;

/// <summary><c>a OR b OR …</c>: two or more conditions.</summary>
internal sealed record OrCondition(IReadOnlyList<QueryCondition> Items) : QueryCondition;

/// <summary><c>a AND b AND …</c>: two or more conditions.</summary>
internal sealed record AndCondition(IReadOnlyList<QueryCondition> Items) : QueryCondition;

/// <summary><c>NOT a</c>.</summary>
internal sealed record NotCondition(QueryCondition Inner) : QueryCondition;

/// <summary><c>( a )</c>.</summary>
internal sealed record ParenCondition(QueryCondition Inner) : QueryCondition;

/// <summary>
/// <c>left op right</c>: <c>= != &lt; &gt; &lt;= &gt;= &lt;=&gt;</c>, <c>in</c>, <c>not in</c>,
/// <c>starts_with</c>, <c>not starts_with</c>, <c>like</c>, <c>not like</c>, <c>regexp</c>,
/// <c>not regexp</c> (operators as sqlparser spells them).
/// </summary>
internal sealed record ComparisonCondition(QueryOperand Left, string Operator, QueryOperand Right) : QueryCondition;

/// <summary><c>left [NOT] BETWEEN from AND to</c>.</summary>
internal sealed record RangeCondition(QueryOperand Left, bool Negated, QueryOperand From, QueryOperand To) : QueryCondition;

/// <summary><c>operand IS [NOT] NULL|TRUE|FALSE</c>; <see cref="Operator"/> as sqlparser spells it (<c>is not null</c>).</summary>
internal sealed record IsCondition(QueryOperand Operand, string Operator) : QueryCondition;

/// <summary>A lone operand where a condition belongs (<c>WorkflowId</c>, <c>1</c>).</summary>
internal sealed record OperandCondition(QueryOperand Operand) : QueryCondition;

/// <summary>One side of a comparison.</summary>
internal abstract record QueryOperand
{
    /// <summary>The operand as the server's error messages show it (sqlparser's <c>String</c>).</summary>
    public abstract string Format();

    /// <summary>The Go type sqlparser gives it, which some of the server's messages name.</summary>
    public abstract string GoType { get; }
}

/// <summary>A column: a search attribute's name, backquotes removed.</summary>
internal sealed record ColumnOperand(string Name) : QueryOperand
{
    public override string Format() => Name;

    public override string GoType => "*sqlparser.ColName";
}

/// <summary>What kind of literal a <see cref="LiteralOperand"/> is.</summary>
internal enum LiteralKind
{
    /// <summary>A quoted string.</summary>
    String,

    /// <summary>An integer as written (perhaps with a leading minus).</summary>
    Integer,

    /// <summary>A number with a fraction or exponent.</summary>
    Float,

    /// <summary>A <c>0x…</c> number.</summary>
    Hex,
}

/// <summary>A string or number literal.</summary>
internal sealed record LiteralOperand(LiteralKind Kind, string Text) : QueryOperand
{
    public override string Format() => Kind == LiteralKind.String ? Quote(Text) : Text;

    public override string GoType => "*sqlparser.SQLVal";

    /// <summary>A string as sqlparser writes it: in single quotes, with MySQL's backslash escapes.</summary>
    public static string Quote(string value)
    {
        var text = new System.Text.StringBuilder(value.Length + 2).Append('\'');
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '\0' => "\\0",
                '\'' => "\\'",
                '"' => "\\\"",
                '\b' => "\\b",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                (char)26 => "\\Z",
                '\\' => "\\\\",
                _ => c.ToString(),
            });
        }
        return text.Append('\'').ToString();
    }
}

/// <summary><c>TRUE</c> or <c>FALSE</c>.</summary>
internal sealed record BoolOperand(bool Value) : QueryOperand
{
    public override string Format() => Value ? "true" : "false";

    public override string GoType => "sqlparser.BoolVal";
}

/// <summary><c>NULL</c>.</summary>
internal sealed record NullOperand : QueryOperand
{
    public override string Format() => "null";

    public override string GoType => "*sqlparser.NullVal";
}

/// <summary><c>(a, b, …)</c>, the right side of IN.</summary>
internal sealed record TupleOperand(IReadOnlyList<QueryOperand> Items) : QueryOperand
{
    public override string Format() => "(" + string.Join(", ", Items.Select(i => i.Format())) + ")";

    public override string GoType => "sqlparser.ValTuple";
}

/// <summary>A function call, <c>name(…)</c>, which the server refuses.</summary>
internal sealed record FunctionOperand(string Name) : QueryOperand
{
    public override string Format() => Name + "(...)";

    public override string GoType => "*sqlparser.FuncExpr";
}
