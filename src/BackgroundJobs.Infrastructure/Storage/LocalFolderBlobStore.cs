using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using BackgroundJobs.Core.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Win32.SafeHandles;

namespace BackgroundJobs.Infrastructure.Storage;

/// <summary>
/// <see cref="IBlobStore"/> in a local folder: the server's embedded default, and a laptop's. A blob
/// is a file at its name under the root. Writes go to a temporary file first and are moved into
/// place, so a reader sees the old blob or the new one, never half of one.
/// </summary>
public sealed class LocalFolderBlobStore(IOptions<StorageOptions> options) : IBlobStore
{
    // Temporary files live beside the blobs (same volume, so the move is a rename) under a name no blob can have.
    private const string TempFolder = ".tmp";

    // One lock file per blob name that is written with a condition; see TryWriteAsync.
    private const string LocksFolder = ".locks";

    private static readonly TimeSpan LockRetryDelay = TimeSpan.FromMilliseconds(10);

    private const int BufferSize = 81920;

    private const int ReadBufferSize = 4096;

    private readonly Lock createLock = new();

    private readonly string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.Value.LocalPath));

    public string RootPath => root;

    public Task WriteAsync(string name, Stream content, string contentType, CancellationToken cancellationToken = default) =>
        WriteAsync(name, content, overwrite: true, cancellationToken);

    public async Task<bool> TryCreateAsync(string name, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        try
        {
            await WriteAsync(name, content, overwrite: false, cancellationToken);
            return true;
        }
        catch (IOException) when (File.Exists(PathOf(name)))
        {
            return false;
        }
    }

    // Written to a temp file and moved into place, so a reader never sees half a blob. Without
    // overwrite the move fails if the name exists, which makes TryCreateAsync atomic.
    private async Task WriteAsync(string name, Stream content, bool overwrite, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        ArgumentNullException.ThrowIfNull(content);
        var temp = Path.Combine(root, TempFolder, $"{Guid.NewGuid():N}.tmp");
        try
        {
            await WriteFileAsync(temp, content, cancellationToken);
            MoveIntoPlace(temp, path, overwrite);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private static async Task WriteFileAsync(string temp, Stream content, CancellationToken cancellationToken)
    {
        using var handle = OpenNew(temp);
        if (content is MemoryStream memory && memory.TryGetBuffer(out var bytes))
        {
            // Most blobs are small JSON documents already in memory: one write from the calling
            // thread, with no file buffer to allocate and no hop through the thread pool.
            RandomAccess.Write(handle, bytes.AsSpan((int)memory.Position), fileOffset: 0);
            return;
        }

        await using var file = new FileStream(handle, FileAccess.Write, BufferSize);
        await content.CopyToAsync(file, cancellationToken);
    }

    private static SafeFileHandle OpenNew(string path) =>
        InFolderOf(path, () => File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write));

    private void MoveIntoPlace(string temp, string path, bool overwrite) =>
        InFolderOf(path, () =>
        {
            Move(temp, path, overwrite);
            return true;
        });

    // The folders are made on first use, not before every write: a missing one is the exception.
    // File.Move reports a missing destination folder as FileNotFoundException when another writer
    // made that folder between the failed rename and .NET's look for it (a job's batches are written
    // several at a time into a new folder), so that is taken for a missing folder too; a source that
    // is really gone fails again on the second try.
    private static T InFolderOf<T>(string path, Func<T> fileOperation)
    {
        try
        {
            return fileOperation();
        }
        catch (IOException ex) when (ex is DirectoryNotFoundException or FileNotFoundException)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return fileOperation();
        }
    }

    private void Move(string temp, string path, bool overwrite)
    {
        if (overwrite)
        {
            File.Move(temp, path, overwrite: true);
            return;
        }

        // File.Move without overwrite is atomic only where the file system allows hard links:
        // elsewhere .NET checks for the target, then renames, and two creators can both win.
        // The lock makes check and move one step for this process. Servers that share one folder
        // rely on the hard link (Linux and macOS local file systems have them).
        lock (createLock)
        {
            File.Move(temp, path, overwrite: false);
        }
    }

    /// <summary>
    /// The check and the move into place happen while this writer holds the blob's lock file
    /// (<c>.locks/{hash of the name}.lock</c>) open with <see cref="FileShare.None"/>. Windows enforces
    /// that share mode; on Linux and macOS .NET takes an exclusive <c>flock</c> for it, which every .NET
    /// process opening the file so honours (and the OS drops when a process dies). So of several
    /// threads or server processes sharing this folder, one at a time compares and writes, as Azure
    /// does with If-Match. The ETag is a hash of the content. A plain <see cref="WriteAsync(string, Stream, string, CancellationToken)"/>
    /// takes no lock, so a name written with conditions should be written only through this method.
    /// </summary>
    public async Task<string?> TryWriteAsync(string name, Stream content, string contentType, BlobCondition condition, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(condition);
        var temp = Path.Combine(root, TempFolder, $"{Guid.NewGuid():N}.tmp");
        try
        {
            // The body is written before the lock is taken, so a slow upload never holds it.
            await WriteFileAsync(temp, content, cancellationToken);
            var etag = await ETagOfFileAsync(temp, cancellationToken);
            await using (await LockAsync(name, cancellationToken))
            {
                // Only an If-Match on one version needs the current file's hash; the other conditions
                // ask whether it exists (any ETag stands for "it does"), and None asks nothing.
                var current = condition.IfMatch is { } ifMatch && ifMatch != BlobCondition.AnyETag
                    ? await ETagOfFileAsync(path, cancellationToken)
                    : File.Exists(path) ? BlobCondition.AnyETag : null;
                if (!condition.AllowsOver(current))
                {
                    return null;
                }

                MoveIntoPlace(temp, path, overwrite: true);
            }

            return etag;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Hashes the open file, then hands it back from its start: the ETag is of exactly the version this handle reads.</summary>
    public async Task<VersionedBlob?> OpenReadVersionedAsync(string name, CancellationToken cancellationToken = default)
    {
        var stream = await OpenReadAsync(name, cancellationToken);
        if (stream is null)
        {
            return null;
        }

        var etag = await ETagOfAsync(stream, cancellationToken);
        stream.Position = 0;
        return new VersionedBlob(stream, etag);
    }

    private async Task<FileStream> LockAsync(string name, CancellationToken cancellationToken)
    {
        var lockPath = Path.Combine(root, LocksFolder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name))) + ".lock");
        while (true)
        {
            try
            {
                return InFolderOf(lockPath, () => new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException ex) when (ex is not DirectoryNotFoundException)
            {
                // Another writer holds it: wait a moment and try again.
                await Task.Delay(LockRetryDelay, cancellationToken);
            }
        }
    }

    private static async Task<string?> ETagOfFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, ReadBufferSize);
            return await ETagOfAsync(stream, cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static async Task<string> ETagOfAsync(Stream stream, CancellationToken cancellationToken) =>
        "\"" + Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken))[..32] + "\"";

    public Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);

        // Most reads of a missing blob are expected (a batch's outcome before it is sent): a look
        // first spares the thrown FileNotFoundException, which cost more than the read under load.
        if (!File.Exists(path))
        {
            return Task.FromResult<Stream?>(null);
        }

        try
        {
            // FileShare.Delete lets a writer replace the blob while this reader still holds the old one.
            // A small buffer: JSON and CSV readers bring their own, and a large read skips it anyway.
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, ReadBufferSize);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException
            || (ex is UnauthorizedAccessException && Directory.Exists(path)))
        {
            // A folder is where other blobs' names go through, not a blob (as in Azure, where it does not exist at all).
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(File.Exists(PathOf(name)));

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        BlobNameRules.ThrowIfInvalidPrefix(prefix, nameof(prefix));
        var folder = Path.Combine(root, prefix[..(prefix.LastIndexOf('/') + 1)]);
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        var names = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(NameOf)
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var name in names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return name;
        }

        await Task.CompletedTask;
    }

    public Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        BlobNameRules.ThrowIfInvalidPrefix(prefix, nameof(prefix));

        // A prefix may end part-way through a name ("jobs/ab"), so look in its folder and compare names.
        var folder = Path.Combine(root, prefix[..(prefix.LastIndexOf('/') + 1)]);
        if (!Directory.Exists(folder))
        {
            return Task.FromResult(0);
        }

        var deleted = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (NameOf(file).StartsWith(prefix, StringComparison.Ordinal))
            {
                File.Delete(file);
                deleted++;
            }
        }

        if (prefix.EndsWith('/'))
        {
            DeleteEmptyFolders(Path.Combine(root, prefix));
        }

        return Task.FromResult(deleted);
    }

    private string PathOf(string name)
    {
        BlobNameRules.ThrowIfInvalidName(name, nameof(name));

        // The name rules already keep a name inside the root; this check holds even if they change.
        var path = Path.GetFullPath(Path.Combine(root, name));
        if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The blob name '{name}' points outside the store.", nameof(name));
        }

        return path;
    }

    private string NameOf(string path) => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');

    private static void DeleteEmptyFolders(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (var child in Directory.EnumerateDirectories(folder))
        {
            DeleteEmptyFolders(child);
        }

        try
        {
            Directory.Delete(folder);
        }
        catch (IOException)
        {
            // Not empty: a blob outside the prefix, or one written meanwhile. It stays.
        }
    }
}
