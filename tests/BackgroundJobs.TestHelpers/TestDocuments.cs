using System.Buffers.Binary;
using System.Text;
using SkiaSharp;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace BackgroundJobs.TestHelpers;

/// <summary>Files for document jobs, generated in the test so that every expected count is known.</summary>
public static class TestDocuments
{
    /// <summary>The text on page <paramref name="page"/> of <see cref="Pdf"/>: four words, 1-based page number.</summary>
    public static string PageText(int page) => $"Page {page} alpha beta";

    /// <summary>A PDF with one line of <see cref="PageText"/> per page, and optional metadata.</summary>
    public static byte[] Pdf(int pages, string? title = null, string? author = null)
    {
        var builder = new PdfDocumentBuilder();
        if (title is not null)
        {
            builder.DocumentInformation.Title = title;
        }

        if (author is not null)
        {
            builder.DocumentInformation.Author = author;
        }

        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        for (var page = 1; page <= pages; page++)
        {
            builder.AddPage(PageSize.A4).AddText(PageText(page), 12, new PdfPoint(50, 700), font);
        }

        return builder.Build();
    }

    /// <summary>
    /// A <see cref="Pdf"/> whose page <paramref name="brokenPage"/> names a font its resources do not
    /// have (<c>/F9</c> for <c>/F1</c>, same length, so no offset moves): that page cannot be parsed,
    /// the others are untouched.
    /// </summary>
    public static byte[] PdfWithBrokenPage(int pages, int brokenPage)
    {
        var text = Encoding.Latin1.GetString(Pdf(pages));
        const string resources = "<</Font <</F1 ";
        var at = -1;
        for (var page = 1; page <= brokenPage; page++)
        {
            at = text.IndexOf(resources, at + 1, StringComparison.Ordinal);
        }

        return Encoding.Latin1.GetBytes(text.Remove(at, resources.Length).Insert(at, "<</Font <</F9 "));
    }

    /// <summary>
    /// A PDF whose trailer says it is encrypted with the standard handler and a password nobody
    /// knows (random O and U entries), so any reader must refuse it without the password.
    /// </summary>
    public static byte[] EncryptedPdf()
    {
        var text = Encoding.Latin1.GetString(Pdf(2));
        var trailer = text.LastIndexOf("trailer", StringComparison.Ordinal);
        var open = text.IndexOf("<<", trailer, StringComparison.Ordinal);
        var secret = new string('a', 64);
        var encrypt = $"/Encrypt << /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <{secret}> /U <{secret}> >> /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] ";

        // The trailer comes after the cross-reference table, so inserting into it moves no object.
        return Encoding.Latin1.GetBytes(text.Insert(open + 2, " " + encrypt));
    }

    public static byte[] Image(SKEncodedImageFormat format, int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.SteelBlue);
            using var paint = new SKPaint { Color = SKColors.Orange };
            canvas.DrawCircle(width / 2f, height / 2f, Math.Min(width, height) / 3f, paint);
        }

        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>
    /// A valid PNG signature and header that declares <paramref name="width"/> x <paramref name="height"/>,
    /// then almost no pixel data. Decoding it would have to fail or allocate the declared
    /// size, so only a check made on the header can refuse it cleanly.
    /// </summary>
    public static byte[] PngHeaderOnly(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 6; // RGBA
        WriteChunk(png, "IHDR", header);

        // A few bytes of image data: libpng reads the header up to the first IDAT chunk, and a file
        // without one is refused as broken before its size is even looked at.
        WriteChunk(png, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        png.Write(crc);
    }

    // PNG's CRC-32 (ISO 3309, reflected, polynomial 0xEDB88320); libpng refuses a header whose CRC is wrong.
    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
