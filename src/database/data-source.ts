import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source.options';

/** Used by the TypeORM CLI (`npm run migration:run`). */
export default new DataSource(dataSourceOptions(loadConfig().database.url));
