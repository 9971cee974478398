using System.Text.RegularExpressions;
using BackgroundJobs.Core.Email;

namespace BackgroundJobs.Infrastructure.Email;

/// <summary>
/// The <c>{{field}}</c> values of one recipient: <c>email</c>, <c>name</c> and each data key. The
/// recipient's own address and name win over data keys of the same name. SendGrid gets these as
/// substitutions or template data; the outbox substitutes them itself, the same way: exact keys,
/// and an unknown placeholder stays as written.
/// </summary>
internal static partial class RecipientFields
{
    public const string EmailField = "email";
    public const string NameField = "name";

    /// <summary>The recipient's fields as a lookup (the outbox substitutes from it).</summary>
    public static Dictionary<string, string> Of(EmailRecipient recipient)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in Each(recipient))
        {
            fields.Add(key, value);
        }

        return fields;
    }

    /// <summary>The recipient's fields in order, each key once: data keys, then email and name (SendGrid's body is written from these).</summary>
    /// <remarks>
    /// A struct to <c>foreach</c> over rather than an iterator: SendGrid's body walks the fields of
    /// every recipient of a batch, and an iterator object plus the data dictionary's boxed enumerator
    /// per recipient were a good part of what writing a body allocated.
    /// </remarks>
    public static FieldList Each(EmailRecipient recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        return new FieldList(recipient);
    }

    public static string Placeholder(string field) => "{{" + field + "}}";

    public static string? Substitute(string? text, IReadOnlyDictionary<string, string> fields) =>
        text is null
            ? null
            : PlaceholderPattern().Replace(text, match => fields.TryGetValue(match.Groups[1].Value, out var value) ? value : match.Value);

    [GeneratedRegex(@"\{\{([^{}]+)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderPattern();

    /// <summary>One recipient's fields, as <see cref="Each"/> gives them.</summary>
    public readonly struct FieldList(EmailRecipient recipient)
    {
        public FieldEnumerator GetEnumerator() => new(recipient);
    }

    /// <summary>Walks <see cref="Each"/>'s fields; the rule (data keys, then email and name, which win) lives here alone.</summary>
    public struct FieldEnumerator : IDisposable
    {
        private readonly EmailRecipient recipient;

        // Data deserialized from a batch blob is a Dictionary: its struct enumerator allocates
        // nothing. Any other dictionary goes through the interface.
        private Dictionary<string, string>.Enumerator dictionary;
        private readonly IEnumerator<KeyValuePair<string, string>>? other;
        private readonly bool hasDictionary;
        private Stage stage;

        internal FieldEnumerator(EmailRecipient recipient)
        {
            this.recipient = recipient;
            if (recipient.Data is Dictionary<string, string> data)
            {
                dictionary = data.GetEnumerator();
                hasDictionary = true;
            }
            else
            {
                other = recipient.Data?.GetEnumerator();
            }
        }

        private enum Stage
        {
            Data,
            Email,
            Name,
            Done,
        }

        public KeyValuePair<string, string> Current { get; private set; }

        public bool MoveNext()
        {
            switch (stage)
            {
                case Stage.Data:
                    while (NextDataField(out var field))
                    {
                        if (field.Key is not (EmailField or NameField))
                        {
                            Current = field;
                            return true;
                        }
                    }

                    stage = Stage.Email;
                    Current = new(EmailField, recipient.Email);
                    return true;
                case Stage.Email:
                    stage = Stage.Name;
                    Current = new(NameField, recipient.Name ?? string.Empty);
                    return true;
                default:
                    stage = Stage.Done;
                    return false;
            }
        }

        public readonly void Dispose() => other?.Dispose();

        private bool NextDataField(out KeyValuePair<string, string> field)
        {
            if (hasDictionary && dictionary.MoveNext())
            {
                field = dictionary.Current;
                return true;
            }

            if (other is not null && other.MoveNext())
            {
                field = other.Current;
                return true;
            }

            field = default;
            return false;
        }
    }
}
