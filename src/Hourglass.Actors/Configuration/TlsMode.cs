namespace Hourglass.Configuration;

/// <summary>Whether the real backend's connection uses TLS (<c>hourglass.real.tls.mode</c>).</summary>
public enum TlsMode
{
    /// <summary>TLS when a TLS file or server name is set, or an API key is used (Temporal Cloud needs TLS for keys).</summary>
    Auto = 0,
    /// <summary>Always TLS (the system's roots unless a CA file is given).</summary>
    On = 1,
    /// <summary>Plaintext, even with an API key (a local dev server behind a proxy, a test frontend).</summary>
    Off = 2,
}
