import { Injectable } from '@nestjs/common';
import { Database } from '@academy/core';
import { MediaAssetEntity } from './media-asset.entity';

@Injectable()
export class MediaRepository {
  constructor(private readonly db: Database) {}

  private get assets() {
    return this.db.repository(MediaAssetEntity);
  }

  /** Stores the image unless the same bytes are already stored; answers the stored one. */
  async insertOrFind(asset: Omit<MediaAssetEntity, 'id'>): Promise<MediaAssetEntity> {
    await this.assets.createQueryBuilder().insert().values(asset).orIgnore().execute();
    return (await this.assets.findOneBy({ sha256: asset.sha256 }))!;
  }

  findWithBytes(id: string): Promise<MediaAssetEntity | null> {
    return this.assets
      .createQueryBuilder('asset')
      .addSelect('asset.bytes')
      .where('asset.id = :id', { id })
      .getOne();
  }
}
