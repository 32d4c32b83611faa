//! Deployment packages over HTTP: a local server serves zips (the emulator does not serve
//! Lambda code downloads); the cache is keyed and verified by CodeSha256, and a cached
//! package is analysed without any download.

use std::io::{Read, Write};
use std::net::TcpListener;
use watershed::code::download::{self, DownloadError, code_sha256};
use watershed::code::source::CodeSource;
use watershed::model::lambda::LambdaFunction;

fn zip_of(entries: &[(&str, &str)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, body) in entries {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(body.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Serves `body` for GET /pkg.zip and 404 otherwise, for `requests` requests.
fn serve(body: Vec<u8>, requests: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let mut stream = stream.unwrap();
            let mut buf = [0u8; 4096];
            let n = stream.read(&mut buf).unwrap_or(0);
            let head = String::from_utf8_lossy(&buf[..n]).into_owned();
            let ok = head.starts_with("GET /pkg.zip ");
            let (status, payload) = if ok {
                ("200 OK", body.clone())
            } else {
                ("404 Not Found", Vec::new())
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nContent-Type: application/zip\r\nConnection: close\r\n\r\n",
                payload.len()
            );
            let _ = stream.write_all(&payload);
        }
    });
    format!("http://{addr}")
}

const HANDLER: &str = "import boto3\nses = boto3.client('ses')\n\n\ndef lambda_handler(event, context):\n    ses.send_email(Source='a@example.com', Destination={}, Message={})\n";

#[tokio::test(flavor = "multi_thread")]
async fn packages_download_once_verified_and_analyse_from_the_cache() {
    let package = zip_of(&[("lambda_function.py", HANDLER)]);
    let sha = code_sha256(&package);
    let base = serve(package.clone(), 3);
    let cache = tempfile::tempdir().unwrap();

    // Fetched, verified and cached.
    let got = download::cached(cache.path(), &sha, &format!("{base}/pkg.zip"))
        .await
        .unwrap();
    assert_eq!(got, package);
    assert!(download::cache_path(cache.path(), &sha).is_file());
    // Cached: no request needed (the URL is wrong on purpose).
    let again = download::cached(cache.path(), &sha, &format!("{base}/missing"))
        .await
        .unwrap();
    assert_eq!(again, package);
    // A package that does not hash to the function's CodeSha256 is refused, not cached.
    let other = tempfile::tempdir().unwrap();
    let err = download::cached(
        other.path(),
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        &format!("{base}/pkg.zip"),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, DownloadError::Checksum { .. }), "{err}");
    assert!(std::fs::read_dir(other.path()).unwrap().next().is_none());
    // HTTP errors are errors.
    let err = download::cached(other.path(), &sha, &format!("{base}/nope"))
        .await
        .unwrap_err();
    assert!(matches!(err, DownloadError::Status(404)), "{err}");

    // The analysis reads the package from the cache by CodeSha256.
    let f = LambdaFunction {
        arn: "arn:aws:lambda:us-east-1:111111111111:function:notify".into(),
        name: "notify".into(),
        runtime: Some("python3.12".into()),
        handler: Some("lambda_function.lambda_handler".into()),
        package_type: "Zip".into(),
        code_sha256: Some(sha.clone()),
        ..Default::default()
    };
    let analysis = CodeSource::Cache(cache.path().to_path_buf())
        .analyse(&f)
        .unwrap();
    assert_eq!(analysis.status, "analysed", "{:?}", analysis.reason);
    let actions: Vec<_> = analysis
        .effects
        .iter()
        .filter_map(|e| e.iam_action.clone())
        .collect();
    assert!(
        actions.contains(&"ses:SendEmail".to_string()),
        "{actions:?}"
    );

    // Not cached: no code, and the reason says how to get it.
    let g = LambdaFunction {
        code_sha256: Some("other".into()),
        ..f.clone()
    };
    let analysis = CodeSource::Cache(cache.path().to_path_buf())
        .analyse(&g)
        .unwrap();
    assert_eq!(analysis.status, "no_code");
    assert!(analysis.reason.unwrap().contains("--download-code"));
}

#[test]
fn hostile_packages_are_refused_per_function() {
    let dir = tempfile::tempdir().unwrap();
    // A code folder of packages: one escapes its folder, one is not a zip, one is fine.
    std::fs::write(
        dir.path().join("slip.zip"),
        zip_of(&[("../../evil.py", "print(1)\n")]),
    )
    .unwrap();
    std::fs::write(dir.path().join("garbage.zip"), b"\x00\x01 not a zip").unwrap();
    std::fs::write(
        dir.path().join("good.zip"),
        zip_of(&[("lambda_function.py", HANDLER)]),
    )
    .unwrap();
    let source = CodeSource::Dir(dir.path().to_path_buf());
    let f = |name: &str| LambdaFunction {
        arn: format!("arn:aws:lambda:us-east-1:111111111111:function:{name}"),
        name: name.into(),
        runtime: Some("python3.12".into()),
        handler: Some("lambda_function.lambda_handler".into()),
        package_type: "Zip".into(),
        ..Default::default()
    };
    let slip = source.analyse(&f("slip")).unwrap();
    assert_eq!(slip.status, "not_analysed");
    assert!(slip.reason.unwrap().contains("escapes the package folder"));
    let garbage = source.analyse(&f("garbage")).unwrap();
    assert_eq!(garbage.status, "not_analysed");
    assert!(
        garbage
            .reason
            .unwrap()
            .contains("not a readable zip archive")
    );
    let good = source.analyse(&f("good")).unwrap();
    assert_eq!(good.status, "analysed");
    // Container images are never guessed at.
    let image = LambdaFunction {
        package_type: "Image".into(),
        runtime: None,
        handler: None,
        ..f("good")
    };
    let a = source.analyse(&image).unwrap();
    assert_eq!(
        (a.status.as_str(), a.reason.as_deref()),
        (
            "not_analysed",
            Some("container image: the code is not in a zip package")
        )
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn python_layers_in_the_cache_are_followed() {
    let function = zip_of(&[(
        "lambda_function.py",
        "from notify import send\n\n\ndef lambda_handler(event, context):\n    send(event['email'])\n",
    )]);
    let layer = zip_of(&[(
        "python/notify.py",
        "import boto3\nses = boto3.client('ses')\n\n\ndef send(to):\n    ses.send_email(Source='a@example.com', Destination={'ToAddresses': [to]}, Message={})\n",
    )]);
    let layer_arn = "arn:aws:lambda:us-east-1:111111111111:layer:notify:3";
    let base = serve(layer.clone(), 1);
    let cache = tempfile::tempdir().unwrap();
    let sha = code_sha256(&function);
    std::fs::write(download::cache_path(cache.path(), &sha), &function).unwrap();
    // The layer comes over HTTP into its own cache file, verified like a function package.
    let layer_path = download::layer_cache_path(cache.path(), layer_arn);
    download::cached_at(
        &layer_path,
        &code_sha256(&layer),
        &format!("{base}/pkg.zip"),
    )
    .await
    .unwrap();
    let f = LambdaFunction {
        arn: "arn:aws:lambda:us-east-1:111111111111:function:welcome".into(),
        name: "welcome".into(),
        runtime: Some("python3.12".into()),
        handler: Some("lambda_function.lambda_handler".into()),
        package_type: "Zip".into(),
        code_sha256: Some(sha),
        layers: vec![watershed::model::lambda::LambdaLayerRef {
            arn: layer_arn.into(),
            code_size: 1,
        }],
        ..Default::default()
    };
    let a = CodeSource::Cache(cache.path().to_path_buf())
        .analyse(&f)
        .unwrap();
    let notify: Vec<_> = a
        .effects
        .iter()
        .filter(|e| e.file == "notify.py")
        .map(|e| e.kind.as_str())
        .collect();
    assert_eq!(notify, ["aws_call", "notification"], "{:?}", a.effects);
}
