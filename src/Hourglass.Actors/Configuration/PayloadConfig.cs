using System.Reflection;
using Hourglass.Codecs;
using Temporalio.Converters;

namespace Hourglass.Configuration;

/// <summary>
/// Reads <c>hourglass.payload</c>: the payload converter and the payload codec, named by type in
/// config (or a codec server's address), into a Temporalio <see cref="DataConverter"/>. A type that
/// cannot be loaded or made fails the start with the key named.
/// </summary>
internal static class PayloadConfig
{
    public static DataConverter Read(ConfigReader read, string defaultNamespace)
    {
        var converter = Instance<IPayloadConverter>(read, "payload.converter");
        var codec = Instance<IPayloadCodec>(read, "payload.codec");
        var endpoint = read.OptionalString("payload.codec-endpoint");
        var authorization = read.OptionalString("payload.codec-auth");
        var timeout = read.PositiveDuration("payload.codec-timeout");
        if (endpoint is not null)
        {
            if (codec is not null)
                throw read.Invalid("payload.codec-endpoint", $"cannot go with {read.Path("payload.codec")}: set one payload codec");
            if (CodecServerPayloadCodec.EndpointProblem(endpoint) is { } problem)
                throw read.Invalid("payload.codec-endpoint", $"= \"{endpoint}\" {problem}");
            codec = new CodecServerPayloadCodec(endpoint, authorization, defaultNamespace, timeout);
        }
        else if (authorization is not null)
        {
            throw read.Invalid("payload.codec-auth", $"is set without {read.Path("payload.codec-endpoint")}");
        }

        // The default converter instance is kept when none is named: that is how StartHourglass
        // tells a configured converter from the default (HourglassPayload.Adopt).
        return converter is null && codec is null
            ? DataConverter.Default
            : DataConverter.Default with
            {
                PayloadConverter = converter ?? DataConverter.Default.PayloadConverter,
                PayloadCodec = codec,
            };
    }

    // An instance of the type named at key (assembly-qualified, with a public parameterless
    // constructor), or null when the key is empty.
    private static T? Instance<T>(ConfigReader read, string key) where T : class
    {
        if (read.OptionalString(key) is not { } name) return null;
        Type type;
        try
        {
            type = Type.GetType(name.Trim(), throwOnError: true)!;
        }
        catch (Exception e) when (e is TypeLoadException or FileNotFoundException or FileLoadException or BadImageFormatException or ArgumentException)
        {
            throw read.Invalid(key, $"= \"{name}\" names no type that can be loaded ({e.Message}); " +
                "give the assembly-qualified name, e.g. \"MyApp.Crypto.EncryptionCodec, MyApp\"");
        }
        if (!typeof(T).IsAssignableFrom(type))
            throw read.Invalid(key, $"= \"{name}\" is not an {typeof(T).FullName}");
        if (type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null)
            throw read.Invalid(key, $"= \"{name}\" cannot be made: it needs a public parameterless constructor");
        try
        {
            return (T)Activator.CreateInstance(type)!;
        }
        catch (TargetInvocationException e)
        {
            throw read.Invalid(key, $"= \"{name}\" failed in its constructor: {e.InnerException?.Message ?? e.Message}");
        }
    }
}
