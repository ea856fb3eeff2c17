import { Inject, Injectable } from '@nestjs/common';
import { Client as MinioClient } from 'minio';
import { Readable } from 'node:stream';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

export interface StoredObject {
  key: string;
  size: number;
  etag: string;
  metadata: Record<string, string>;
}

/**
 * The only file that talks S3. MinIO in production, any S3-compatible server (s3rver locally)
 * behind the same client. Uploads always pass a known size: single PUT below the part size, and
 * s3rver lacks ListMultipartUploads, which the client needs for unknown lengths.
 */
@Injectable()
export class ObjectStorage {
  private readonly client: MinioClient;
  private readonly bucket: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const s3 = config.s3;
    this.client = new MinioClient({ endPoint: s3.endPoint, port: s3.port, useSSL: s3.useSSL, accessKey: s3.accessKey, secretKey: s3.secretKey, region: s3.region, pathStyle: true });
    this.bucket = s3.bucket;
  }

  async ensureBucket(): Promise<void> {
    await this.guard(async () => {
      if (!(await this.client.bucketExists(this.bucket))) await this.client.makeBucket(this.bucket);
    });
  }

  async ping(): Promise<void> {
    await this.guard(async () => {
      await this.client.bucketExists(this.bucket);
    });
  }

  /** One PUT (the body is below the part size); the ETag is the store's MD5 of what it kept, unless encrypted. */
  async put(key: string, body: Buffer, metadata: Record<string, string>): Promise<{ etag: string }> {
    const uploaded = await this.guard(() => this.client.putObject(this.bucket, key, body, body.length, metadata));
    return { etag: uploaded.etag };
  }

  async stat(key: string): Promise<StoredObject | null> {
    return this.guard(async () => {
      try {
        const stat = await this.client.statObject(this.bucket, key);
        return { key, size: stat.size, etag: stat.etag, metadata: stat.metaData as Record<string, string> };
      } catch (error) {
        if ((error as { code?: string }).code === 'NotFound' || (error as { code?: string }).code === 'NoSuchKey') return null;
        throw error;
      }
    });
  }

  async get(key: string): Promise<Readable> {
    return this.guard(() => this.client.getObject(this.bucket, key));
  }

  async getRange(key: string, offset: number, length?: number): Promise<Readable> {
    return this.guard(() => this.client.getPartialObject(this.bucket, key, offset, length));
  }

  async remove(key: string): Promise<void> {
    await this.guard(() => this.client.removeObject(this.bucket, key));
  }

  /** Short-lived by design: minio-js would otherwise default to seven days. */
  async presignedGetUrl(key: string, expirySeconds: number): Promise<string> {
    return this.guard(() => this.client.presignedGetObject(this.bucket, key, expirySeconds));
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isConnectionError(error)) throw new DomainError('STORAGE_UNAVAILABLE', `Object storage unreachable: ${(error as Error).message}`);
      throw error;
    }
  }
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE'].includes(code ?? '');
}
