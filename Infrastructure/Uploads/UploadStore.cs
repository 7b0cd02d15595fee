using System.ComponentModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Zhuji.Infrastructure.Uploads;

/// <summary>
/// Where photos live. One folder: the data folder's <c>uploads/</c> on the embedded default, or
/// <c>Zhuji:Uploads:Folder</c> — with several instances, a folder they all mount (NFS, a cloud disk), so any of them
/// serves what another stored. Files are named by the upload's random token, never by anything the client sent.
/// </summary>
public interface IUploadStore
{
    Task SaveAsync(string name, byte[] bytes, CancellationToken cancellationToken);

    /// <summary>The file, or null if it is not there.</summary>
    Stream? Open(string name);

    /// <summary>Removes the file if it is there.</summary>
    void Delete(string name);
}

/// <summary>The files of an upload in the store, by its token.</summary>
public static class UploadFiles
{
    public static string Image(string token) => $"{token}.jpg";

    public static string Thumbnail(string token) => $"{token}.thumb.jpg";
}

public sealed class FolderUploadStore : IUploadStore
{
    /// <summary>Where uploaded photos are kept; with several instances one folder they all mount (NFS, a cloud disk). Back it up with the database.</summary>
    [DefaultValue("(<DataFolder>/uploads)")]
    public const string FolderKey = "Zhuji:Uploads:Folder";

    private readonly string folder;

    /// <summary><c>Zhuji:Uploads:Folder</c>, or <c>uploads/</c> in the data folder.</summary>
    public static string FolderOf(IConfiguration configuration, IHostEnvironment environment) =>
        configuration[FolderKey] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(InfrastructureServiceCollectionExtensions.DataFolder(configuration, environment), "uploads");

    public FolderUploadStore(IConfiguration configuration, IHostEnvironment environment)
    {
        folder = FolderOf(configuration, environment);
        Directory.CreateDirectory(folder);
    }

    public async Task SaveAsync(string name, byte[] bytes, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Written aside and moved into place: a reader never sees half a file.
        var temp = path + ".tmp";
        await File.WriteAllBytesAsync(temp, bytes, cancellationToken);
        File.Move(temp, path, overwrite: true);
    }

    public Stream? Open(string name)
    {
        var path = PathOf(name);
        return File.Exists(path) ? File.OpenRead(path) : null;
    }

    public void Delete(string name) => File.Delete(PathOf(name));

    /// <summary>Spread over 256 sub-folders by the name's first two characters; names are URL-safe base64.</summary>
    private string PathOf(string name)
    {
        if (name.Length < 3 || name[..2].Any(c => c == '.') || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException("Not an upload name.", nameof(name));
        }

        return Path.Combine(folder, name[..2], name);
    }
}
