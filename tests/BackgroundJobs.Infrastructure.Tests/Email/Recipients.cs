using System.Globalization;
using BackgroundJobs.Core.Email;

namespace BackgroundJobs.Infrastructure.Tests.Email;

internal static class Recipients
{
    public static List<EmailRecipient> Many(int count) =>
        Enumerable.Range(0, count)
            .Select(i => new EmailRecipient(
                string.Create(CultureInfo.InvariantCulture, $"user{i}@example.com"),
                string.Create(CultureInfo.InvariantCulture, $"User {i}"),
                new Dictionary<string, string> { ["code"] = string.Create(CultureInfo.InvariantCulture, $"C{i}") }))
            .ToList();
}
