using System.Net;
using System.Text;
using Slipway.Catalog;
using Slipway.Registry;

namespace Slipway.Tests.Registry;

/// <summary>
/// A registry whose disk is full, answering as the CNCF registry does (bodies copied from docker-registry 2.8 on a full tmpfs):
/// the message says so and names the fix, and nothing is retried. The real full disk is a row of Reliability/RegistryFailureTests.
/// </summary>
public class StorageFullTests
{
    private const string TextDetail =
        """{"errors":[{"code":"UNKNOWN","message":"unknown error","detail":"write /var/lib/registry/docker/registry/v2/repositories/ncerepo/app/_uploads/e7e8/data: no space left on device"}]}""";
    private const string DriverDetail =
        """{"errors":[{"code":"UNKNOWN","message":"unknown error","detail":{"DriverName":"filesystem","Enclosed":{"Op":"write","Path":"/var/lib/registry/docker/registry/v2/repositories/ncerepo/app/_manifests/tags/v1/index/sha256/c512/link","Err":28}}}]}""";
    private const string OtherFailure =
        """{"errors":[{"code":"UNKNOWN","message":"unknown error","detail":"s3aws: RequestError: send request failed"}]}""";

    private static RegistryClient Client(RegistryAnswers answers) => RegistryClient.FromSpec(
        new RegistrySpec { Url = "https://registry.example.com", Namespace = "ncerepo" }, options: RegistryFixture.FastOptions with { PrimaryHandler = answers },
        name: "hub");

    [Fact]
    public async Task A_blob_upload_that_fails_writing_its_data_says_the_registry_has_no_storage_left_and_is_not_restarted()
    {
        var answers = new RegistryAnswers(blobPut: TextDetail);
        using var client = Client(answers);

        var ex = await Assert.ThrowsAsync<RegistryException>(() => client.UploadBlobAsync("ncerepo/app", new byte[1024]));

        Assert.Contains("PUT blob registry.example.com/ncerepo/app@sha256:", ex.Message);
        Assert.Contains("500 UNKNOWN (unknown error): registry 'hub' has no storage left (write /var/lib/registry/docker/registry/v2/" +
                        "repositories/ncerepo/app/_uploads/e7e8/data: no space left on device). " +
                        "Fix: free space on the registry's disk or prune images", ex.Message);
        Assert.DoesNotContain("the upload was started", ex.Message);
        Assert.False(ex.IsTransient);
        Assert.Equal(1, answers.Count("PUT"));
    }

    [Fact]
    public async Task A_manifest_put_whose_storage_write_fails_with_ENOSPC_says_so_and_is_not_retried()
    {
        var answers = new RegistryAnswers(manifestPut: DriverDetail);
        using var client = Client(answers);

        var ex = await Assert.ThrowsAsync<RegistryException>(() =>
            client.PutManifestAsync("ncerepo/app", "v1", TestImage.Create(1, 10).Manifest, TestImage.MediaType));

        Assert.Contains("registry 'hub' has no storage left (write /var/lib/registry/docker/registry/v2/repositories/ncerepo/app/" +
                        "_manifests/tags/v1/index/sha256/c512/link: no space left on device (errno 28))", ex.Message);
        Assert.Contains("Fix: free space on the registry's disk or prune images", ex.Message);
        Assert.NotNull(ex.NoStorageLeft);
        Assert.Equal(1, answers.Count("PUT"));
    }

    [Fact]
    public async Task Another_500_stays_a_transient_failure_that_is_retried()
    {
        var answers = new RegistryAnswers(manifestPut: OtherFailure);
        using var client = Client(answers);

        var ex = await Assert.ThrowsAsync<RegistryException>(() =>
            client.PutManifestAsync("ncerepo/app", "v1", TestImage.Create(1, 10).Manifest, TestImage.MediaType));

        Assert.DoesNotContain("storage", ex.Message);
        Assert.Null(ex.NoStorageLeft);
        Assert.True(ex.IsTransient);
        Assert.Equal(4, answers.Count("PUT"));
    }

    /// <summary>A registry that opens upload sessions and answers blob and manifest PUTs with the given 500 bodies.</summary>
    private sealed class RegistryAnswers(string? blobPut = null, string? manifestPut = null) : HttpMessageHandler
    {
        private readonly List<string> _methods = [];

        public int Count(string method) { lock (_methods) return _methods.Count(m => m == method); }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            lock (_methods) _methods.Add(request.Method.Method);
            var path = request.RequestUri!.AbsolutePath;
            if (request.Method == HttpMethod.Post)
                return Answer(HttpStatusCode.Accepted, location: path + "e7e8?_state=x");
            if (request.Method == HttpMethod.Put && path.Contains("/blobs/uploads/") && blobPut is not null)
                return Answer(HttpStatusCode.InternalServerError, blobPut);
            if (request.Method == HttpMethod.Put && path.Contains("/manifests/") && manifestPut is not null)
                return Answer(HttpStatusCode.InternalServerError, manifestPut);
            return Answer(HttpStatusCode.NotFound);
        }

        private static Task<HttpResponseMessage> Answer(HttpStatusCode status, string? body = null, string? location = null)
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body ?? "", Encoding.UTF8, "application/json") };
            if (location is not null) response.Headers.Location = new Uri(location, UriKind.Relative);
            return Task.FromResult(response);
        }
    }
}
