namespace BackgroundJobs.JobTypes.Documents;

/// <summary>
/// Tells a file's type from its first bytes (its "magic number"). The upload's name and
/// Content-Type are the client's word; these bytes are what a parser will actually see.
/// </summary>
public static class DocumentSniffer
{
    /// <summary>Enough bytes for every signature below.</summary>
    public const int HeaderLength = 16;

    private static ReadOnlySpan<byte> Pdf => "%PDF-"u8;

    private static ReadOnlySpan<byte> Png => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> Jpeg => [0xFF, 0xD8, 0xFF];

    public static DocumentKind? Detect(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith(Pdf))
        {
            return DocumentKind.Pdf;
        }

        if (header.StartsWith(Png))
        {
            return DocumentKind.Png;
        }

        if (header.StartsWith(Jpeg))
        {
            return DocumentKind.Jpeg;
        }

        // RIFF, a 4-byte size, then the form type.
        if (header.Length >= 12 && header.StartsWith("RIFF"u8) && header[8..12].SequenceEqual("WEBP"u8))
        {
            return DocumentKind.Webp;
        }

        return null;
    }

    public static bool IsImage(this DocumentKind kind) => kind is DocumentKind.Png or DocumentKind.Jpeg or DocumentKind.Webp;

    /// <summary>Variants keep their source's format.</summary>
    public static (string Extension, string ContentType) FileFormat(this DocumentKind kind) => kind switch
    {
        DocumentKind.Pdf => (".pdf", "application/pdf"),
        DocumentKind.Png => (".png", "image/png"),
        DocumentKind.Jpeg => (".jpg", "image/jpeg"),
        DocumentKind.Webp => (".webp", "image/webp"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
