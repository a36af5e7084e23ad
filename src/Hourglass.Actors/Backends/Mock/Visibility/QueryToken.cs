namespace Hourglass.Backends.Mock.Visibility;

/// <summary>What a token of a visibility query is.</summary>
internal enum QueryTokenKind
{
    /// <summary>The end of the query.</summary>
    End,

    /// <summary>A name: a search attribute, or anything else that is not a keyword (backquoted names included).</summary>
    Identifier,

    /// <summary>A reserved word (<c>and</c>, <c>in</c>, <c>between</c>…), in lower case.</summary>
    Keyword,

    /// <summary>A string literal in single or double quotes, escapes decoded.</summary>
    String,

    /// <summary>An integer literal as written.</summary>
    Integer,

    /// <summary>A number with a fraction or an exponent, as written.</summary>
    Float,

    /// <summary>A <c>0x…</c> number, which the server cannot use as a value.</summary>
    HexNumber,

    /// <summary>An operator or punctuation: <c>= &lt; &gt; &lt;= &gt;= != &lt;=&gt; ( ) , ;</c> and the like.</summary>
    Symbol,

    /// <summary>Something the tokenizer cannot read (an unterminated string, a stray character).</summary>
    Error,
}

/// <summary>
/// One token of a visibility query. <see cref="Start"/> and <see cref="End"/> are UTF-8 byte
/// offsets in the query, as the server's parser counts positions.
/// </summary>
/// <param name="Kind">What it is.</param>
/// <param name="Text">Its value: a keyword in lower case, a string decoded, a name without backquotes, a symbol as written.</param>
/// <param name="Start">Offset of its first byte.</param>
/// <param name="End">Offset just past its last byte.</param>
/// <param name="HasValue">
/// Whether the server's tokenizer keeps a value for it, which its syntax errors then quote
/// (<c>near 'x'</c>); symbols and the end have none.
/// </param>
internal readonly record struct QueryToken(QueryTokenKind Kind, string Text, int Start, int End, bool HasValue)
{
    /// <summary>True for the keyword <paramref name="keyword"/> (given in lower case).</summary>
    public bool Is(string keyword) => Kind == QueryTokenKind.Keyword && Text == keyword;

    /// <summary>True for the symbol <paramref name="symbol"/>.</summary>
    public bool IsSymbol(string symbol) => Kind == QueryTokenKind.Symbol && Text == symbol;
}
