import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'pipeline_stages' })
export class PipelineStage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 40 })
  key: string;

  @Column({ type: 'varchar', length: 80 })
  name: string;

  /** Order along the funnel, 1 = first stage. */
  @Column({ type: 'int' })
  position: number;
}
