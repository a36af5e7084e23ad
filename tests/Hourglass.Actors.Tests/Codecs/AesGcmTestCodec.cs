using System.Security.Cryptography;
using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Converters;

namespace Hourglass.Tests.Codecs;

/// <summary>
/// An encrypting payload codec as Temporal's encryption samples write one: AES-GCM over the whole
/// serialized payload, encoding <c>binary/encrypted</c> with the key id in the metadata. Decoding
/// passes payloads it did not encrypt through unchanged. The key is a fixed test key.
/// </summary>
public sealed class AesGcmTestCodec : IPayloadCodec
{
    public const string Encoding = "binary/encrypted";
    public const string KeyId = "test-key-1";

    private static readonly byte[] Key = SHA256.HashData("hourglass test key"u8.ToArray());
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public Task<IReadOnlyCollection<Payload>> EncodeAsync(IReadOnlyCollection<Payload> payloads) =>
        Task.FromResult<IReadOnlyCollection<Payload>>(payloads.Select(Encrypt).ToList());

    public Task<IReadOnlyCollection<Payload>> DecodeAsync(IReadOnlyCollection<Payload> payloads) =>
        Task.FromResult<IReadOnlyCollection<Payload>>(payloads.Select(Decrypt).ToList());

    /// <summary>True when the payload is one this codec encrypted.</summary>
    public static bool IsEncrypted(Payload payload) =>
        payload.Metadata.TryGetValue("encoding", out var encoding) && encoding.ToStringUtf8() == Encoding;

    public static Payload Encrypt(Payload payload)
    {
        var plain = payload.ToByteArray();
        var sealedBytes = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(Key, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize, plain.Length), sealedBytes.AsSpan(NonceSize + plain.Length));
        return new Payload
        {
            Metadata =
            {
                ["encoding"] = ByteString.CopyFromUtf8(Encoding),
                ["encryption-key-id"] = ByteString.CopyFromUtf8(KeyId),
            },
            Data = ByteString.CopyFrom(sealedBytes),
        };
    }

    public static Payload Decrypt(Payload payload)
    {
        if (!IsEncrypted(payload)) return payload;
        var sealedBytes = payload.Data.Span;
        var cipherLength = sealedBytes.Length - NonceSize - TagSize;
        var plain = new byte[cipherLength];
        using var aes = new AesGcm(Key, TagSize);
        aes.Decrypt(sealedBytes[..NonceSize], sealedBytes.Slice(NonceSize, cipherLength), sealedBytes[^TagSize..], plain);
        return Payload.Parser.ParseFrom(plain);
    }
}
