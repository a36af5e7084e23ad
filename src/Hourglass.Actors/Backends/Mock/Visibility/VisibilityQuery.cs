using System.Globalization;
using System.Reflection;
using Google.Protobuf.Reflection;
using Temporalio.Api.Enums.V1;

namespace Hourglass.Backends.Mock.Visibility;

/// <summary>
/// A visibility query compiled against a namespace's search attributes: a predicate over
/// <see cref="VisibilityRecord"/>s and the GROUP BY field, or a <see cref="VisibilityQueryException"/>
/// worded as the server's. It follows the server's default (legacy) SQL converter,
/// <c>common/persistence/visibility/store/sql/query_converter_legacy.go</c>, and checks literal
/// types as its unified converter does (<c>store/query/converter.go</c> <c>validateValueType</c>).
/// </summary>
/// <remarks>
/// <para>Evaluation is SQL's: a run without the attribute (or an open run for HistoryLength,
/// ExecutionDuration and the like) makes a comparison unknown, and AND, OR and NOT follow
/// three-valued logic, so <c>X != 'a'</c> and <c>NOT X = 'a'</c> both skip runs without X. A run
/// matches when the condition is true.</para>
/// <para>Keyword: ordinal comparisons, <c>IN</c>, <c>STARTS_WITH</c> (a case-sensitive prefix),
/// <c>BETWEEN</c>. KeywordList: <c>=</c> means contains, <c>IN</c> contains any, and their
/// negations. Text: full text, <c>=</c> true when any space-separated word of the literal (a
/// phrase, if it holds punctuation) is in the value, letters and digits compared case-folded;
/// <c>!=</c> its negation. Int, Double, Datetime: numeric and time order. CloseTime of an open run
/// compares as 9999-12-31 23:59:59 (SQL's <c>COALESCE</c>), yet <c>CloseTime IS NULL</c> finds it.</para>
/// </remarks>
internal sealed class VisibilityQuery
{
    /// <summary>The one GROUP BY field this engine offers (the server also allows TemporalNamespaceDivision and TemporalLowCardinalityKeyword*).</summary>
    public const string ExecutionStatus = "ExecutionStatus";

    private static readonly string[] ComparisonOperators = ["=", "!=", "<", ">", "<=", ">=", "in", "not in", "starts_with", "not starts_with"];
    private static readonly string[] KeywordListOperators = ["=", "!=", "in", "not in"];
    private static readonly string[] TextOperators = ["=", "!="];
    private static readonly IndexedValueType[] RangeTypes = [IndexedValueType.Datetime, IndexedValueType.Double, IndexedValueType.Int, IndexedValueType.Keyword];
    private static readonly IReadOnlyDictionary<string, long> Statuses = StatusNames();

    private readonly Func<VisibilityRecord, bool?>? _where;

    private VisibilityQuery(Func<VisibilityRecord, bool?>? where, string? groupBy)
    {
        _where = where;
        GroupBy = groupBy;
    }

    /// <summary>The field counts are grouped by (<see cref="ExecutionStatus"/>), or null.</summary>
    public string? GroupBy { get; }

    /// <summary>True when the run satisfies the condition (unknown is not enough).</summary>
    public bool Matches(VisibilityRecord record) => _where is null || _where(record) == true;

    /// <summary>
    /// Compiles <paramref name="query"/> for the namespace whose search attributes
    /// <paramref name="typeOf"/> knows; <paramref name="count"/> when it serves
    /// CountWorkflowExecutions, the one call that takes GROUP BY.
    /// </summary>
    public static VisibilityQuery Compile(string query, Func<string, IndexedValueType?> typeOf, bool count)
    {
        var parsed = QueryParser.Parse(query);
        if (parsed.HasOrderBy) throw NotSupported("'ORDER BY' clause");
        if (parsed.HasLimit) throw NotSupported("'LIMIT' clause");
        var binder = new Binder(typeOf);
        var where = parsed.Where is null ? null : binder.Condition(parsed.Where);
        if (parsed.GroupBy.Count > 1) throw NotSupported("'GROUP BY' clause supports only a single field");
        string? groupBy = null;
        foreach (var operand in parsed.GroupBy)
        {
            var column = binder.Column(operand);
            if (column.Field != ExecutionStatus) throw NotSupported($"'GROUP BY' clause is not supported for search attribute {column.Alias}");
            groupBy = column.Field;
        }
        if (!count && groupBy is not null) throw NotSupported("'GROUP BY' clause");
        return new VisibilityQuery(where, groupBy);
    }

    /// <summary>The status name the server writes for a group value (<c>enumspb.WorkflowExecutionStatus.String()</c>: <c>Running</c>).</summary>
    public static string StatusName(WorkflowExecutionStatus status) => status.ToString();

    private static VisibilityQueryException NotSupported(string what) => new($"operation is not supported: {what}");

    private static VisibilityQueryException Invalid(string what) => new($"invalid expression: {what}");

    // "Running" and "WORKFLOW_EXECUTION_STATUS_RUNNING", as enumspb.WorkflowExecutionStatusFromString reads them.
    private static Dictionary<string, long> StatusNames()
    {
        var names = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var field in typeof(WorkflowExecutionStatus).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var value = (long)(int)field.GetValue(null)!;
            names[field.Name] = value;
            if (field.GetCustomAttribute<OriginalNameAttribute>() is { } original) names[original.Name] = value;
        }
        return names;
    }

    /// <summary>A resolved search attribute: the name as written, the field it names, its type and how to read it.</summary>
    private sealed record Column(string Alias, string Field, IndexedValueType Type, Func<VisibilityRecord, object?> Read)
    {
        // CloseTime compares as COALESCE(close_time, max) but IS NULL sees the column itself.
        public Func<VisibilityRecord, object?> Compared => Field == "CloseTime"
            ? r => Read(r) ?? VisibilityValues.OpenCloseTime
            : Read;
    }

    private sealed class Binder(Func<string, IndexedValueType?> typeOf)
    {
        public Func<VisibilityRecord, bool?> Condition(QueryCondition condition) => condition switch
        {
            ParenCondition paren => Condition(paren.Inner),
            NotCondition not => Not(Condition(not.Inner)),
            AndCondition and => And(and.Items.Select(Condition).ToArray()),
            OrCondition or => Or(or.Items.Select(Condition).ToArray()),
            ComparisonCondition comparison => Comparison(comparison),
            RangeCondition range => Range(range),
            IsCondition @is => Is(@is),
            OperandCondition { Operand: ColumnOperand } => throw Invalid("incomplete expression"),
            OperandCondition { Operand: FunctionOperand } => throw NotSupported("function expression"),
            OperandCondition lone => throw NotSupported($"expression of type {lone.Operand.GoType}"),
            _ => throw new InvalidOperationException(condition.GetType().Name),
        };

        // query.ResolveSearchAttributeAlias: the name, then ScheduleId as WorkflowId, then with the
        // Temporal prefix added or removed.
        public Column Column(QueryOperand operand)
        {
            if (operand is not ColumnOperand { Name: var alias })
                throw Invalid($"must be a column name but was {operand.GoType}");
            var field = alias;
            var type = typeOf(field);
            if (type is null)
            {
                if ((alias.StartsWith("Temporal", StringComparison.Ordinal) ? alias["Temporal".Length..] : alias) == "ScheduleId") field = "WorkflowId";
                else field = alias.StartsWith("Temporal", StringComparison.Ordinal) ? alias["Temporal".Length..] : "Temporal" + alias;
                type = typeOf(field);
            }
            if (type is not { } known || known == IndexedValueType.Unspecified)
                throw Invalid($"column name '{alias}' is not a valid search attribute");
            return new Column(alias, field, known, Reader(field, known));
        }

        private static Func<VisibilityRecord, object?> Reader(string field, IndexedValueType type) => field switch
        {
            "WorkflowId" => r => r.WorkflowId,
            "RunId" => r => r.RunId,
            "WorkflowType" => r => r.WorkflowType,
            "TaskQueue" => r => r.TaskQueue,
            "ExecutionStatus" => r => (long)r.Status,
            "StartTime" => r => VisibilityValues.Micros(r.StartTime),
            "ExecutionTime" => r => VisibilityValues.Micros(r.ExecutionTime),
            "CloseTime" => r => r.CloseTime is { } closed ? VisibilityValues.Micros(closed) : null,
            "HistoryLength" => r => r.HistoryLength,
            "HistorySizeBytes" => r => r.HistorySizeBytes,
            "StateTransitionCount" => r => r.StateTransitionCount,
            "ExecutionDuration" => r => r.ExecutionDurationNanos,
            "RootWorkflowId" => r => r.RootWorkflowId,
            "RootRunId" => r => r.RootRunId,
            "ParentWorkflowId" or "ParentRunId" => _ => null,
            _ => r => r.Custom(field, type),
        };

        private Func<VisibilityRecord, bool?> Comparison(ComparisonCondition comparison)
        {
            var op = comparison.Operator;
            if (!ComparisonOperators.Contains(op))
                throw Invalid($"invalid operator '{op}' in `{Format(comparison.Left, op, comparison.Right)}`");
            var column = Column(comparison.Left);
            var value = Value(comparison.Right, column);
            var shown = $"`{Format(new ColumnOperand(column.Alias), op, comparison.Right)}`";

            switch (column.Type)
            {
                case IndexedValueType.KeywordList:
                    if (!KeywordListOperators.Contains(op))
                        throw Invalid($"operator '{op}' not supported for KeywordList type search attribute in {shown}");
                    return KeywordList(column, op, value);
                case IndexedValueType.Text:
                    if (!TextOperators.Contains(op))
                        throw Invalid($"operator '{op}' not supported for Text type search attribute in {shown}");
                    return Text(column, op, (string)value);
            }

            if (op is "starts_with" or "not starts_with")
            {
                if (value is not string prefix)
                    throw Invalid($"right-hand side of '{op}' must be a literal string (got: {Shown(value)})");
                if (column.Type != IndexedValueType.Keyword)
                    throw NotSupported($"operator '{op.ToUpperInvariant()}' not supported for {column.Type} type search attribute '{column.Alias}'");
                var negate = op == "not starts_with";
                return r => column.Read(r) is string s ? s.StartsWith(prefix, StringComparison.Ordinal) != negate : null;
            }

            var read = column.Compared;
            if (op is "in" or "not in")
            {
                var set = ((object[])value).Select(Normalize).ToHashSet();
                var negate = op == "not in";
                return r => read(r) is { } v ? set.Contains(Normalize(v)) != negate : null;
            }

            Func<int, bool> test = op switch
            {
                "=" => c => c == 0,
                "!=" => c => c != 0,
                "<" => c => c < 0,
                ">" => c => c > 0,
                "<=" => c => c <= 0,
                _ => c => c >= 0,
            };
            return r => read(r) is { } v ? test(CompareValues(v, value)) : null;
        }

        private static Func<VisibilityRecord, bool?> KeywordList(Column column, string op, object value)
        {
            var wanted = value is object[] items ? items.Cast<string>().ToHashSet(StringComparer.Ordinal) : [(string)value];
            var negate = op is "!=" or "not in";
            return r => column.Read(r) is string[] list ? list.Any(wanted.Contains) != negate : null;
        }

        private static Func<VisibilityRecord, bool?> Text(Column column, string op, string literal)
        {
            var phrases = literal.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (phrases.Length == 0)
                throw Invalid($"unexpected value for Text type search attribute (no tokens found in {LiteralOperand.Quote(literal)})");
            var words = phrases.Select(VisibilityValues.Words).ToArray();
            var negate = op == "!=";
            return r => column.Read(r) is TextValue text ? words.Any(text.Contains) != negate : null;
        }

        private Func<VisibilityRecord, bool?> Range(RangeCondition range)
        {
            var column = Column(range.Left);
            if (!RangeTypes.Contains(column.Type))
                throw Invalid($"cannot do range condition on search attribute '{column.Alias}' of type {column.Type}");
            var from = Value(range.From, column);
            var to = Value(range.To, column);
            var read = column.Compared;
            return r => read(r) is { } v ? (CompareValues(v, from) >= 0 && CompareValues(v, to) <= 0) != range.Negated : null;
        }

        private Func<VisibilityRecord, bool?> Is(IsCondition @is)
        {
            var column = Column(@is.Operand);
            return @is.Operator switch
            {
                "is null" => r => column.Read(r) is null,
                "is not null" => r => column.Read(r) is not null,
                _ => throw Invalid("'IS' operator can only be used with 'NULL' or 'NOT NULL'"),
            };
        }

        // convertValueExpr + parseSQLVal: the literal read for the column's type.
        private static object Value(QueryOperand operand, Column column)
        {
            switch (operand)
            {
                case TupleOperand tuple:
                    return tuple.Items.Select(i => Value(i, column)).ToArray();
                case ColumnOperand name:
                    throw NotSupported($"column name on the right side of comparison expression (did you forget to quote '{FormatName(name.Name)}'?)");
                case FunctionOperand:
                    throw NotSupported("nested func");
                case BoolOperand b:
                    return column.Type == IndexedValueType.Bool ? b.Value : throw TypeMismatch(column, b.Value);
                case LiteralOperand literal:
                    return Typed(Literal(literal), column);
                default:
                    throw Invalid($"unexpected value type {operand.GoType}");
            }
        }

        // sqlquery.ParseValue: a quoted string (its outer quotes trimmed), else an int64, else a float64.
        private static object Literal(LiteralOperand literal)
        {
            if (literal.Kind == LiteralKind.String) return literal.Text.Trim('\'');
            if (literal.Kind == LiteralKind.Integer
                && long.TryParse(literal.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
                return integer;
            if (literal.Kind != LiteralKind.Hex
                && double.TryParse(literal.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
                return real;
            throw new VisibilityQueryException($"invalid expression: unable to parse {literal.Text}", converterError: false);
        }

        private static object Typed(object value, Column column)
        {
            if (column.Type == IndexedValueType.Datetime)
            {
                return value switch
                {
                    long nanos => VisibilityValues.FloorDivide(nanos, 1000),
                    string text => VisibilityValues.ParseDatetime(text) ?? throw Invalid($"unable to parse datetime '{text}'"),
                    _ => throw Invalid($"unexpected value type {VisibilityValues.GoType(value)} for search attribute {column.Alias}"),
                };
            }
            if (column.Field == ExecutionStatus)
            {
                return value switch
                {
                    long code => code,
                    string name => Statuses.TryGetValue(name, out var code) ? code : throw Invalid($"invalid ExecutionStatus value '{name}'"),
                    _ => throw Invalid($"unexpected value type {VisibilityValues.GoType(value)} for search attribute {column.Alias}"),
                };
            }
            if (column.Field == "ExecutionDuration" && value is string duration)
            {
                return VisibilityValues.ParseExecutionDuration(duration, out var problem)
                    ?? throw new VisibilityQueryException($"invalid value for search attribute {column.Alias}: {duration} ({problem})");
            }
            var fits = column.Type switch
            {
                IndexedValueType.Int or IndexedValueType.Double => value is long or double,
                IndexedValueType.Bool => value is bool,
                _ => value is string,
            };
            return fits ? value : throw TypeMismatch(column, value);
        }

        private static VisibilityQueryException TypeMismatch(Column column, object value) =>
            Invalid($"invalid value type for search attribute {column.Alias} of type {column.Type}: {VisibilityValues.GoValue(value)}");

        private static Func<VisibilityRecord, bool?> Not(Func<VisibilityRecord, bool?> inner) => r => !inner(r);

        private static Func<VisibilityRecord, bool?> And(Func<VisibilityRecord, bool?>[] items) => r =>
        {
            var unknown = false;
            foreach (var item in items)
            {
                var value = item(r);
                if (value == false) return false;
                if (value is null) unknown = true;
            }
            return unknown ? null : true;
        };

        private static Func<VisibilityRecord, bool?> Or(Func<VisibilityRecord, bool?>[] items) => r =>
        {
            var unknown = false;
            foreach (var item in items)
            {
                var value = item(r);
                if (value == true) return true;
                if (value is null) unknown = true;
            }
            return unknown ? null : false;
        };
    }

    // Same-typed values after Typed: strings ordinally, numbers numerically, bools false before true.
    private static int CompareValues(object left, object right) => (left, right) switch
    {
        (string a, string b) => string.CompareOrdinal(a, b),
        (long a, long b) => a.CompareTo(b),
        (long a, double b) => ((double)a).CompareTo(b),
        (double a, long b) => a.CompareTo(b),
        (double a, double b) => a.CompareTo(b),
        (bool a, bool b) => a.CompareTo(b),
        _ => throw new InvalidOperationException($"cannot compare {left.GetType().Name} with {right.GetType().Name}"),
    };

    // An integral double is the long it equals, so 1 IN (1.0) holds as in SQL.
    private static object Normalize(object value) =>
        value is double d && Math.Floor(d) == d && d is >= long.MinValue and < long.MaxValue ? (long)d : value;

    private static string Shown(object value) => value switch
    {
        string s => LiteralOperand.Quote(s),
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => value.ToString() ?? "",
    };

    // sqlparser's ComparisonExpr.Format: "left op right", a name in backquotes where it needs them.
    private static string Format(QueryOperand left, string op, QueryOperand right) =>
        $"{(left is ColumnOperand c ? FormatName(c.Name) : left.Format())} {op} {right.Format()}";

    private static string FormatName(string name)
    {
        var plain = name.Length > 0 && !char.IsAsciiDigit(name[0]) && !QueryLexer.IsReserved(name.ToLowerInvariant())
            && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '@');
        return plain ? name : "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";
    }
}
