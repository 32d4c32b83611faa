//! Deployment packages fetched over HTTP(S) (the pre-signed URL GetFunction returns) into a
//! cache keyed by the function's CodeSha256, verified before use.

use super::package::MAX_PACKAGE_BYTES;
use aws_smithy_runtime_api::client::http::HttpConnector;
use aws_smithy_types::body::SdkBody;
use http_body_util::BodyExt;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Why a package could not be fetched.
#[derive(Debug, thiserror::Error)]
pub enum DownloadError {
    /// Transport error.
    #[error("cannot download the package: {0}")]
    Transport(String),
    /// Non-2xx status.
    #[error("the package download answered HTTP {0}")]
    Status(u16),
    /// Over the size limit.
    #[error("the package is over the {MAX_PACKAGE_BYTES}-byte limit")]
    TooLarge,
    /// Bytes that do not hash to the function's CodeSha256.
    #[error("the downloaded package does not match CodeSha256 {expected} (got {got})")]
    Checksum {
        /// The function's CodeSha256.
        expected: String,
        /// The hash of what was downloaded.
        got: String,
    },
    /// The cache could not be written.
    #[error("cannot write the package cache {path}: {source}")]
    Cache {
        /// The cache file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

/// The base64 SHA-256 of `bytes`, as Lambda reports CodeSha256.
pub fn code_sha256(bytes: &[u8]) -> String {
    aws_smithy_types::base64::encode(Sha256::digest(bytes))
}

/// The cache file of a package with this CodeSha256 (base64 made file-name safe).
pub fn cache_path(cache: &Path, sha256: &str) -> PathBuf {
    let safe: String = sha256
        .chars()
        .map(|c| match c {
            '/' => '_',
            '+' => '-',
            '=' => '~',
            c => c,
        })
        .collect();
    cache.join(format!("{safe}.zip"))
}

/// GETs `url` (at most [`MAX_PACKAGE_BYTES`]).
pub async fn fetch(url: &str) -> Result<Vec<u8>, DownloadError> {
    use aws_smithy_http_client::tls::{Provider, rustls_provider::CryptoMode};
    let connector = aws_smithy_http_client::Connector::builder()
        .tls_provider(Provider::Rustls(CryptoMode::AwsLc))
        .build();
    let mut request = aws_smithy_runtime_api::http::Request::new(SdkBody::empty());
    request
        .set_uri(url)
        .map_err(|e| DownloadError::Transport(e.to_string()))?;
    let response = connector
        .call(request)
        .await
        .map_err(|e| DownloadError::Transport(e.to_string()))?;
    let status = response.status().as_u16();
    if !(200..300).contains(&status) {
        return Err(DownloadError::Status(status));
    }
    let mut body = response.into_body();
    let mut bytes = Vec::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| DownloadError::Transport(e.to_string()))?;
        if let Ok(data) = frame.into_data() {
            bytes.extend_from_slice(&data);
            if bytes.len() as u64 > MAX_PACKAGE_BYTES {
                return Err(DownloadError::TooLarge);
            }
        }
    }
    Ok(bytes)
}

/// The cache file of a layer version (layer versions never change).
pub fn layer_cache_path(cache: &Path, layer_version_arn: &str) -> PathBuf {
    let safe: String = layer_version_arn
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    cache.join("layers").join(format!("{safe}.zip"))
}

/// The package with CodeSha256 `sha256`: from `cache` when there, else fetched from `url`,
/// verified against the hash and written to the cache (atomically).
pub async fn cached(cache: &Path, sha256: &str, url: &str) -> Result<Vec<u8>, DownloadError> {
    cached_at(&cache_path(cache, sha256), sha256, url).await
}

/// Like [`cached`], at an explicit cache file.
pub async fn cached_at(path: &Path, sha256: &str, url: &str) -> Result<Vec<u8>, DownloadError> {
    let path = path.to_path_buf();
    let cache = path.parent().unwrap_or(Path::new(".")).to_path_buf();
    let cache = cache.as_path();
    if let Ok(bytes) = std::fs::read(&path)
        && code_sha256(&bytes) == sha256
    {
        return Ok(bytes);
    }
    let bytes = fetch(url).await?;
    let got = code_sha256(&bytes);
    if got != sha256 {
        return Err(DownloadError::Checksum {
            expected: sha256.to_string(),
            got,
        });
    }
    let write = || -> std::io::Result<()> {
        std::fs::create_dir_all(cache)?;
        let tmp = tempfile::NamedTempFile::new_in(cache)?;
        std::fs::write(tmp.path(), &bytes)?;
        tmp.persist(&path).map_err(|e| e.error)?;
        Ok(())
    };
    write().map_err(|source| DownloadError::Cache {
        path: path.clone(),
        source,
    })?;
    Ok(bytes)
}
